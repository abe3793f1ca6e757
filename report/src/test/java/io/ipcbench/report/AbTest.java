package io.ipcbench.report;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paired-ratio estimate against cases whose answer is known. */
class AbTest {
    @Test
    void shouldNeedSixPairsAtFivePercent() {
        assertEquals(6, Ab.minPairs(0.05));
        assertEquals(8, Ab.minPairs(0.01));
    }

    @Test
    void shouldCoverTheTrueRatioAboutAsOftenAsItsLevelSays() {
        Random random = new Random(42);
        int covered = 0;
        int runs = 400;
        double widthSum = 0;
        for (int run = 0; run < runs; run++) {
            double[] ratios = new double[10];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = 1.3 * Math.exp(0.1 * random.nextGaussian()); // a true 1.3x with 10% log noise
            }
            Ab.Estimate e = Ab.estimate(ratios, 0.05);
            assertTrue(e.low() <= e.ratio() && e.ratio() <= e.high(), e.toString());
            if (e.low() <= 1.3 && 1.3 <= e.high()) {
                covered++;
            }
            widthSum += Math.log(e.high() / e.low());
        }
        // the exact signed-rank interval at n = 10 has 95.1% coverage for a symmetric distribution
        assertTrue(covered >= 0.92 * runs && covered <= 0.99 * runs, covered + " of " + runs);
        double meanWidth = widthSum / runs;
        assertTrue(meanWidth > 0.08 && meanWidth < 0.2, "a 10% noise gives an interval about 2 x 0.07 wide in logs: " + meanWidth);
    }

    @Test
    void shouldGiveAPointWhenEveryPairAgrees() {
        Ab.Estimate e = Ab.estimate(new double[] {2, 2, 2, 2, 2, 2}, 0.05);
        assertEquals(2, e.ratio(), 1e-12);
        assertEquals(2, e.low(), 1e-12);
        assertEquals(2, e.high(), 1e-12);
    }
}
