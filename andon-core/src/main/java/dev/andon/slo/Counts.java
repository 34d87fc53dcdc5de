package dev.andon.slo;

/** Good and total events of a span of time; never a ratio, so spans add up exactly. */
public record Counts(long good, long total) {
    public static final Counts NONE = new Counts(0, 0);

    public Counts {
        if (good < 0 || total < 0 || good > total) {
            throw new IllegalArgumentException("counts must satisfy 0 <= good <= total, got good=" + good + " total=" + total);
        }
    }

    public long bad() {
        return total - good;
    }

    public boolean empty() {
        return total == 0;
    }

    public Counts plus(Counts other) {
        return new Counts(good + other.good, total + other.total);
    }

    public Counts minus(Counts other) {
        return new Counts(good - other.good, total - other.total);
    }

    /** Good out of total, or NaN when there were no events. */
    public double ratio() {
        return total == 0 ? Double.NaN : (double) good / total;
    }
}
