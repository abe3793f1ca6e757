package io.ipcbench.report;

import io.ipcbench.core.result.LatencyNs;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.report.Compare.Metric;
import io.ipcbench.report.Compare.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @Test
    void shouldJudgeATailOnlyWhenEnoughSamplesLieBeyondIt() {
        // B's p99.9 is 3x A's in every pair, p50 and p99 the same: claimed only where p99.9 rests on 50 samples or more
        Ab.Settings s = new Ab.Settings(Map.of(), 0.05, 4);
        Ab.Outcome few = Ab.analyse(Map.of("pipe block rtt 64 B", pairs(13_000)), s);
        assertEquals(Verdict.UNTESTED, verdict(few, Metric.P999), few.lines().toString());
        assertTrue(line(few, Metric.P999).why().contains("rests on 13 samples"), line(few, Metric.P999).why());
        assertEquals(Verdict.UNCHANGED, verdict(few, Metric.P99)); // 130 beyond it: judged
        assertEquals(Verdict.UNCHANGED, verdict(few, Metric.P50));
        Ab.Outcome many = Ab.analyse(Map.of("pipe block rtt 64 B", pairs(50_000)), s);
        assertEquals(Verdict.REGRESSION, verdict(many, Metric.P999), many.lines().toString());
    }

    private static List<Ab.Pair> pairs(long messages) {
        Random random = new Random(7);
        List<Ab.Pair> out = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            double noise = Math.exp(0.05 * random.nextGaussian());
            out.add(new Ab.Pair(i, rtt(messages, 20_000, 40_000, 100_000), rtt(messages, 20_000, 40_000, (long) (300_000 * noise)),
                    null));
        }
        return out;
    }

    private static ResultRecord rtt(long messages, long p50, long p99, long p999) {
        LatencyNs l = new LatencyNs(p50, p50, p99, p999, p999, p999, p50 / 2, p50);
        return new ResultRecord("pipe", "stream", "block", "rtt", 64, 88, 1, messages, messages, 1, l, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    private static Ab.Line line(Ab.Outcome o, Metric m) {
        return o.lines().stream().filter(l -> l.metric() == m).findFirst().orElseThrow();
    }

    private static Verdict verdict(Ab.Outcome o, Metric m) {
        return line(o, m).verdict();
    }
}
