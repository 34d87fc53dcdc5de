package dev.andon.probe;

import java.time.Duration;

/**
 * An ICMP echo check: send {@code count} echo requests and judge loss and round-trip time. It
 * needs real ICMP and says so rather than measure something else (see andon-probe/PING.md).
 *
 * @param host              name or IP literal
 * @param count             echo requests per run, 1-20
 * @param interval          pause between echo requests, 0-10 s
 * @param maxLossPercent    more loss than this, in percent of the echoes sent, is DOWN; some
 *                          loss up to it is DEGRADED; 0-99 (losing every echo is always DOWN)
 * @param degradedRoundTrip an average round trip above this is DEGRADED; null for no limit
 */
public record PingSpec(String host, int count, Duration interval, int maxLossPercent, Duration degradedRoundTrip)
        implements ProbeSpec {

    public static final int DEFAULT_COUNT = 3;
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);
    public static final int DEFAULT_MAX_LOSS_PERCENT = 50;
    private static final Duration MAX_INTERVAL = Duration.ofSeconds(10);

    public PingSpec {
        host = TcpSpec.requireHost("ping.host", host);
        if (count < 1 || count > 20) {
            throw new InvalidProbeException("ping.count", "must be 1-20, not " + count);
        }
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        if (interval.isNegative() || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new InvalidProbeException("ping.interval", "must be 0-10s, not " + interval);
        }
        if (maxLossPercent < 0 || maxLossPercent > 99) {
            throw new InvalidProbeException("ping.maxLossPercent", "must be 0-99, not " + maxLossPercent);
        }
        if (degradedRoundTrip != null && (degradedRoundTrip.isNegative() || degradedRoundTrip.isZero())) {
            throw new InvalidProbeException("ping.degradedRoundTrip", "must be positive, not " + degradedRoundTrip);
        }
    }

    /** Three echoes 200 ms apart; DOWN above 50% loss; no round-trip limit. */
    public static PingSpec of(String host) {
        return new PingSpec(host, DEFAULT_COUNT, DEFAULT_INTERVAL, DEFAULT_MAX_LOSS_PERCENT, null);
    }

    /** The same check with {@code count} echoes {@code interval} apart. */
    public PingSpec withEchoes(int count, Duration interval) {
        return new PingSpec(host, count, interval, maxLossPercent, degradedRoundTrip);
    }

    /** The same check with another loss limit. */
    public PingSpec withMaxLossPercent(int percent) {
        return new PingSpec(host, count, interval, percent, degradedRoundTrip);
    }

    /** The same check, DEGRADED when the average round trip is above {@code limit}. */
    public PingSpec withDegradedRoundTrip(Duration limit) {
        return new PingSpec(host, count, interval, maxLossPercent, limit);
    }

    @Override
    public String type() {
        return "ping";
    }

    @Override
    public ProbeResult run(Duration timeout) {
        return PingProbe.run(this, timeout, PingIcmp.available());
    }
}
