package io.ipcbench.core.load;

import io.ipcbench.core.Ids;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An open-loop load: messages offered at {@code rate} per second on a schedule fixed in advance,
 * whatever the link does, so a stall shows as the queue that builds behind it (no coordinated
 * omission). {@code seed} draws the Poisson gaps; it is recorded so a run can be repeated.
 */
public record Load(double rate, Arrivals arrivals, long seed) {
    /** How the send times are spaced. */
    public enum Arrivals {
        /** Every 1/rate seconds, as LoadTestRig and JLBH send. */
        FIXED,
        /** Exponential gaps of mean 1/rate seconds, drawn from the seed. */
        POISSON;

        public String id() {
            return Ids.id(this);
        }

        public static Arrivals of(String id) {
            return Ids.of(Arrivals.class, id, "arrival process");
        }
    }

    public Load {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("a rate must be a positive number of messages per second, got " + rate);
        }
    }

    /** The mean gap between two send times, in ns. */
    public double intervalNs() {
        return 1e9 / rate;
    }

    /** The rate as the command line writes it: 500, 10k, 1.5M. */
    public static String rateLabel(double rate) {
        if (rate >= 1e6) {
            return plain(rate / 1e6) + "M";
        }
        if (rate >= 1e3) {
            return plain(rate / 1e3) + "k";
        }
        return plain(rate);
    }

    private static String plain(double v) {
        BigDecimal d = BigDecimal.valueOf(Math.round(v * 1000) / 1000.0).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    public String rateLabel() {
        return rateLabel(rate);
    }

    /** The case's mode as reports and comparisons name it: {@code load 10k/s}. */
    public String caseMode() {
        return "load " + rateLabel() + "/s";
    }

    @Override
    public String toString() {
        return rateLabel() + "/s " + arrivals.id();
    }

    /**
     * The highest rate the driver's clock can schedule here: a message needs at least one
     * {@link System#nanoTime()} read, so its interval cannot be shorter than one read (the fastest
     * of 20 batches of 1000 reads).
     */
    public static double schedulableRate() {
        long best = Long.MAX_VALUE;
        long sink = 0;
        for (int b = 0; b < 20; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                sink += System.nanoTime() & 1;
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        double perRead = Math.max(1, best + (sink & 0)) / 1000.0;
        return 1e9 / Math.max(1, perRead);
    }

    /** A fresh schedule of this load's send times. */
    public Schedule schedule() {
        return new Schedule(intervalNs(), arrivals == Arrivals.POISSON ? seed : null);
    }

    /** Parses a rate: messages per second, with k or M, fractions allowed (10k, 1.5M, 250.5). */
    public static double parseRate(String text) {
        Matcher m = RATE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate (messages per second, e.g. 10k, 1.5M, 250)");
        }
        double scale = m.group(2) == null ? 1 : m.group(2).equalsIgnoreCase("k") ? 1e3 : 1e6;
        double r = Double.parseDouble(m.group(1)) * scale;
        if (!(r > 0)) {
            throw new IllegalArgumentException("a rate must be above 0 messages per second, got '" + text + "'");
        }
        return r;
    }

    private static final Pattern RATE = Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)\\s*([kKM])?(?:/s)?");
}
