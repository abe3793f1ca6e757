package io.ipcbench.core.load;

import io.ipcbench.core.result.LatencyNs;
import io.ipcbench.core.result.LoadResult;
import io.ipcbench.core.result.RepetitionRecord;
import io.ipcbench.core.result.ResultRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The knee and SLO rules over load points, and the rate and target parsers. */
class SweepTest {
    private static ResultRecord point(double rate, long p99Ns, boolean saturated) {
        return point(rate, p99Ns, null, saturated);
    }

    /** A point whose merged corrected p99 is {@code p99Ns} and whose median repetition's is {@code repetitionP99Ns}. */
    private static ResultRecord point(double rate, long p99Ns, Long repetitionP99Ns, boolean saturated) {
        LatencyNs l = new LatencyNs(p99Ns / 10, p99Ns / 2, p99Ns, p99Ns * 2, p99Ns * 3, p99Ns * 4, 1, p99Ns / 10.0);
        LoadResult load = new LoadResult(rate, "fixed", null, saturated ? rate / 2 : rate, saturated, l, l, 0, 1, 0, null,
                repetitionP99Ns);
        return new ResultRecord("t", "pipe", "block", "load", 64, 88, 1, 1, 1, 1, l, null, null, null, null, null, null, "none",
                null, null, null, load);
    }

    @Test
    void shouldFindTheKneeBelowTheFirstSaturatedOrTenfoldPoint() {
        List<ResultRecord> pts = new ArrayList<>(List.of(point(1e3, 100_000, false), point(2e3, 300_000, false),
                point(4e3, 200_000, false), point(8e3, 5_000_000, false), point(6e3, 900_000, false)));
        // reference at 8k: the median of 100, 200, 300, 900 us = 250 us; 5 ms is above 10x
        assertEquals(6e3, Sweep.knee(pts));
        pts.set(3, point(8e3, 2_400_000, false));
        assertEquals(8e3, Sweep.knee(pts));
        pts.add(point(16e3, 500_000, true));
        assertEquals(8e3, Sweep.knee(pts), "a saturated point fails whatever its latency");
        assertNull(Sweep.knee(List.of(point(1e3, 100, true))));
    }

    @Test
    void shouldNotCallOneRateAKnee() {
        assertNull(Sweep.knee(List.of(point(2e3, 100_000, false))));
        assertEquals("needs two rates or more", Sweep.kneeText(List.of(point(2e3, 100_000, false))));
        assertEquals("below the lowest rate measured", Sweep.kneeText(List.of(point(1e3, 100_000, true))));
        assertEquals("2k/s", Sweep.kneeText(List.of(point(1e3, 100_000, false), point(2e3, 150_000, false))));
    }

    @Test
    void shouldNotLetOneLuckyLowPointMakeHostNoiseAKnee() {
        // the lowest rate happened to see no stall (50 us); later points see the host's usual 0.4-0.9 ms,
        // which 10x the lowest point alone (500 us) would call a knee at 4k/s
        List<ResultRecord> pts = List.of(point(1e3, 50_000, false), point(2e3, 400_000, false), point(4e3, 800_000, false),
                point(8e3, 600_000, false), point(16e3, 900_000, false), point(32e3, 30_000_000, false));
        assertEquals(16e3, Sweep.knee(pts));
    }

    @Test
    void shouldJudgeTheMedianRepetitionSoOneStalledRepetitionIsNoKnee() {
        // at 2k/s one of three repetitions met a 3 ms host stall: the merged p99 is 2.5 ms, the
        // median repetition's 80 us; a mechanism that cannot keep up (8k/s) moves every repetition's
        List<ResultRecord> pts = List.of(point(1e3, 75_000, 70_000L, false), point(2e3, 2_500_000, 80_000L, false),
                point(4e3, 90_000, 85_000L, false), point(8e3, 9_000_000, 8_000_000L, false));
        assertEquals(4e3, Sweep.knee(pts));
        assertEquals(1e3, Sweep.knee(List.of(point(1e3, 75_000, false), point(2e3, 2_500_000, false),
                point(4e3, 90_000, false))), "records without the median repetition's p99 fall back to the merged one");
    }

    @Test
    void shouldJudgeEachPointAgainstThePointsThatRanBeforeItAsTheSweepDid() {
        // the sweep ran 1k, 2k, 4k (coped), 8k (failed: 6.3 ms against 10x the median 0.6 ms), then bisected at 6k
        // (2 ms, coped); with 6k in 8k's reference the median would be 0.65 ms and 8k would cope after the fact
        List<ResultRecord> pts = List.of(ran(0, point(1e3, 600_000, false)), ran(1, point(2e3, 500_000, false)),
                ran(2, point(4e3, 700_000, false)), ran(3, point(8e3, 6_300_000, false)), ran(4, point(6e3, 2_000_000, false)));
        assertEquals(6e3, Sweep.knee(pts), "8k failed against 10x 0.6 ms when it ran; the later 6k point must not rescue it");
    }

    private static ResultRecord ran(int order, ResultRecord r) {
        return new ResultRecord(r.transport(), r.family(), r.waitStrategy(), r.mode(), r.payloadBytes(), r.frameBytes(), r.fragments(),
                r.messages(), r.verifiedMessages(), r.repetitions(), r.latencyNs(), r.msgsPerSec(), r.bytesPerSec(), r.cpu(), r.work(),
                r.allocation(), r.spread(), r.pinning(), r.transportFacts(), r.histogramLog(),
                List.of(new RepetitionRecord(1, 0, java.time.Instant.parse("2026-12-04T00:00:00Z").plusSeconds(order).toString(), null, null, 1, 1,
                        null, null, null)), r.load());
    }

    @Test
    void shouldNameTheHighestRateMeetingTheTarget() {
        List<ResultRecord> pts = List.of(point(1e3, 40_000, false), point(2e3, 45_000, false), point(4e3, 120_000, false),
                point(8e3, 20_000, true));
        assertEquals(2e3, Sweep.sloRate(pts, Sweep.Slo.parse("50us")));
        assertEquals(2e3, Sweep.sloRate(pts, Sweep.Slo.parse("p99.9=90us")));
        assertEquals(1e3, Sweep.sloRate(pts, Sweep.Slo.parse("p99.9=85us")));
        assertNull(Sweep.sloRate(pts, Sweep.Slo.parse("1us")));
        assertEquals("p99.9 <= 200 us", Sweep.Slo.parse("p99.9=200us").label());
        assertThrows(IllegalArgumentException.class, () -> Sweep.Slo.parse("p42=1ms"));
        assertThrows(IllegalArgumentException.class, () -> Sweep.Slo.parse("fast"));
        assertThrows(IllegalArgumentException.class, () -> Sweep.Slo.parse("0us"));
    }

    @Test
    void shouldParseRatesAndRefuseTheRest() {
        assertEquals(10_000, Load.parseRate("10k"));
        assertEquals(1_500_000, Load.parseRate("1.5M"));
        assertEquals(250.5, Load.parseRate("250.5"));
        assertEquals("1.5M", Load.rateLabel(1.5e6));
        assertEquals("2.5k", Load.rateLabel(2500));
        for (String bad : new String[] {"0", "-5", "1e5", "fast", "NaN", "Infinity", "0x10", "5d", ""}) {
            assertThrows(IllegalArgumentException.class, () -> Load.parseRate(bad), bad);
        }
    }

    @Test
    void shouldDrawTheSamePoissonGapsFromTheSameSeed() {
        Schedule a = new Load(1e4, Load.Arrivals.POISSON, 42).schedule();
        Schedule b = new Load(1e4, Load.Arrivals.POISSON, 42).schedule();
        a.start(1_000);
        b.start(1_000);
        double sum = 0;
        long last = 1_000;
        for (int i = 0; i < 100_000; i++) {
            long t = a.next();
            assertEquals(t, b.next());
            sum += t - last;
            last = t;
        }
        assertEquals(100_000, sum / 100_000, 2_000, "mean gap of 10k/s is 100 us");
        Schedule fixed = new Load(3e6, Load.Arrivals.FIXED, 0).schedule();
        fixed.start(0);
        for (int i = 0; i < 3_000_000; i++) {
            fixed.next();
        }
        assertEquals(1_000_000_000L, fixed.next(), 1, "fixed gaps do not drift");
    }
}
