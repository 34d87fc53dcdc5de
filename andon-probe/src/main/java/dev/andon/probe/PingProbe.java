package dev.andon.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs a {@link PingSpec} with the JDK's {@link InetAddress#isReachable}: one call per echo
 * request, each timed, so loss and round trips come out of the calls' results and durations.
 */
final class PingProbe {
    /**
     * The longest wait for one reply. The JDK sends a further echo request after each second
     * without an answer; capping the wait keeps it to exactly one request per echo counted.
     */
    static final Duration MAX_ECHO_WAIT = Duration.ofSeconds(1);

    private PingProbe() {
    }

    /** {@code icmpAvailable} is {@link PingIcmp#available()}; tests pass false to see the refusal. */
    static ProbeResult run(PingSpec spec, Duration timeout, boolean icmpAvailable) {
        ProbeResult.Builder result = ProbeResult.builder();
        if (!icmpAvailable) {
            return result.down(Phase.PING, PingIcmp.UNAVAILABLE);
        }
        long deadline = TcpProbe.deadline(timeout);
        InetAddress address;
        try {
            address = TcpProbe.resolve(spec.host(), deadline, result);
        } catch (TcpProbe.Failed failed) {
            return failed.result;
        }
        String target = DnsLookup.text(address);

        long intervalNanos = spec.interval().toNanos();
        int sent = 0;
        int received = 0;
        long totalNanos = 0;
        long maxNanos = 0;
        String error = null;
        for (int echo = 0; echo < spec.count(); echo++) {
            if (echo > 0 && !pause(Math.min(intervalNanos, deadline - System.nanoTime()))) {
                break;
            }
            // Share what is left fairly among the echoes still to send and the pauses between them.
            int echoesLeft = spec.count() - echo;
            long wait = Math.min(MAX_ECHO_WAIT.toNanos(), (deadline - System.nanoTime() - (echoesLeft - 1) * intervalNanos) / echoesLeft);
            if (wait < 1_000_000) {
                break;
            }
            sent++;
            long start = System.nanoTime();
            boolean answered;
            try {
                answered = address.isReachable((int) (wait / 1_000_000));
            } catch (IOException e) {
                // E.g. "Network is unreachable" when there is no route: the echo is lost.
                answered = false;
                error = TcpProbe.describe(e);
            }
            long took = System.nanoTime() - start;
            if (answered) {
                received++;
                totalNanos += took;
                maxNanos = Math.max(maxNanos, took);
            }
        }
        result.phase(Phase.PING);

        int lost = sent - received;
        result.observe("ping.sent", sent).observe("ping.received", received);
        if (sent > 0) {
            result.observe("ping.loss_percent", Math.round(lost * 100.0 / sent));
        }
        if (received > 0) {
            result.observe("ping.rtt_avg_ms", millis(totalNanos / received)).observe("ping.rtt_max_ms", millis(maxNanos));
        }
        if (sent == 0) {
            return result.downAfter(Phase.PING, "timeout of " + timeout.toMillis() + " ms leaves no time for an echo request");
        }
        if (received == 0) {
            return result.downAfter(Phase.PING, "no echo reply from " + target + " (" + sent + " sent)" + (error == null ? "" : ": " + error));
        }
        String counts = received + " of " + sent + " echo replies from " + target;
        // lost / sent > max / 100, without rounding
        if (lost * 100L > (long) spec.maxLossPercent() * sent) {
            return result.downAfter(Phase.PING, counts + ", more than " + spec.maxLossPercent() + "% lost");
        }
        long averageNanos = totalNanos / received;
        if (spec.degradedRoundTrip() != null && averageNanos > spec.degradedRoundTrip().toNanos()) {
            return result.degraded(counts + ", average round trip " + millis(averageNanos) + " ms above " + spec.degradedRoundTrip().toMillis() + " ms");
        }
        if (lost > 0) {
            return result.degraded(counts + ", average round trip " + millis(averageNanos) + " ms");
        }
        return result.up(counts + ", average round trip " + millis(averageNanos) + " ms");
    }

    private static boolean pause(long nanos) {
        if (nanos <= 0) {
            return true;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1_000_000.0);
    }
}
