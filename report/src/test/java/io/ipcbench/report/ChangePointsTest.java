package io.ipcbench.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChangePointsTest {
    @Test
    void shouldFindAKnownStepAndNothingInNoise() {
        Random r = new Random(3);
        double[] step = new double[16];
        for (int i = 0; i < step.length; i++) {
            step[i] = (i < 9 ? 50 : 75) * Math.exp(0.05 * r.nextGaussian()); // +50% from run 10 on, 5% noise
        }
        List<ChangePoints.Change> found = ChangePoints.find(step, 0.01, 0.10);
        assertEquals(1, found.size(), found.toString());
        assertEquals(9, found.get(0).at(), found.toString());
        assertTrue(found.get(0).after() / found.get(0).before() > 1.3, found.toString());

        double[] flat = new double[16];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = 50 * Math.exp(0.05 * r.nextGaussian());
        }
        assertTrue(ChangePoints.find(flat, 0.01, 0.10).isEmpty());
        assertTrue(ChangePoints.find(new double[] {1, 2, 3, 4, 5}, 0.01, 0.10).isEmpty(), "too short to split");
    }

    @Test
    void shouldFindTwoStepsOfAStaircase() {
        double[] v = {10, 10.2, 9.9, 10.1, 10, 20, 20.3, 19.8, 20.1, 20, 20.2, 40, 40.1, 39.8, 40.2, 40};
        List<ChangePoints.Change> found = ChangePoints.find(v, 0.05, 0.10);
        // binary segmentation places a second step within a run of where it is (ties make the test approximate)
        assertEquals(2, found.size(), found.toString());
        assertEquals(5, found.get(0).at(), found.toString());
        assertTrue(Math.abs(found.get(1).at() - 11) <= 1, found.toString());
    }
}
