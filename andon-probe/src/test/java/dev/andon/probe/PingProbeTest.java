package dev.andon.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PingProbeTest {

    @Test
    void theLoopbackAnswersEveryEcho() {
        assumeTrue(PingIcmp.available(), "needs CAP_NET_RAW");
        ProbeResult result = PingSpec.of("127.0.0.1").run(Duration.ofSeconds(3));

        assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(result.phases()).containsOnlyKeys(Phase.DNS, Phase.PING);
        assertThat(result.observations())
                .containsEntry("ping.sent", "3")
                .containsEntry("ping.received", "3")
                .containsEntry("ping.loss_percent", "0")
                .containsKeys("ping.rtt_avg_ms", "ping.rtt_max_ms");
        // Two pauses of 200 ms between three echoes.
        assertThat(result.phases().get(Phase.PING)).isBetween(Duration.ofMillis(390), Duration.ofMillis(3000));
    }

    @Test
    void anAverageRoundTripAboveTheLimitIsDegraded() {
        assumeTrue(PingIcmp.available(), "needs CAP_NET_RAW");
        ProbeResult result = PingSpec.of("127.0.0.1").withEchoes(2, Duration.ZERO).withDegradedRoundTrip(Duration.ofNanos(1)).run(Duration.ofSeconds(3));

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DEGRADED);
        assertThat(result.message()).contains("average round trip").contains("above 0 ms");
    }

    @Test
    void anAddressThatNeverAnswersIsDownWithinTheTimeout() {
        assumeTrue(PingIcmp.available(), "needs CAP_NET_RAW");
        // 203.0.113.0/24 (TEST-NET-3) is reserved for documentation: nothing answers there.
        long start = System.nanoTime();
        ProbeResult result = PingSpec.of("203.0.113.1").withEchoes(2, Duration.ofMillis(50)).run(Duration.ofMillis(600));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo(Phase.PING);
        assertThat(result.message()).startsWith("no echo reply from 203.0.113.1");
        assertThat(result.observations()).containsEntry("ping.received", "0").doesNotContainKey("ping.rtt_avg_ms");
        assertThat(took).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void withoutIcmpTheProbeRefusesInsteadOfTryingTcp() {
        ProbeResult result = PingProbe.run(PingSpec.of("127.0.0.1"), Duration.ofSeconds(1), false);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo(Phase.PING);
        assertThat(result.message()).startsWith("ICMP not available: needs CAP_NET_RAW");
    }

    @Test
    void aTimeoutTooShortForAnyEchoIsDown() {
        ProbeResult result = PingProbe.run(PingSpec.of("127.0.0.1"), Duration.ZERO, true);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.message()).contains("leaves no time");
        assertThat(result.observations()).containsEntry("ping.sent", "0");
    }

    @Test
    void icmpIsAvailableOnLinuxOnlyWithCapNetRawInTheEffectiveSet() {
        // Root (all bits), Docker's default set (which includes NET_RAW), the same without NET_RAW, an ordinary user.
        assertThat(PingIcmp.hasNetRaw("Name:\tjava\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n")).isTrue();
        assertThat(PingIcmp.hasNetRaw("CapEff:\t00000000a80425fb\n")).isTrue();
        assertThat(PingIcmp.hasNetRaw("CapEff:\t00000000a80405fb\n")).isFalse();
        assertThat(PingIcmp.hasNetRaw("CapPrm:\t0000000000002000\nCapEff:\t0000000000000000\n")).isFalse();
        assertThat(PingIcmp.hasNetRaw("no capabilities listed")).isFalse();
    }

    @Test
    void icmpDetectionDependsOnTheSystem(@TempDir Path directory) throws Exception {
        Path status = Files.writeString(directory.resolve("status"), "CapEff:\t0000000000002000\n");

        assertThat(PingIcmp.detect("Linux", status)).isTrue();
        assertThat(PingIcmp.detect("Linux", directory.resolve("missing"))).isFalse();
        assertThat(PingIcmp.detect("Windows 11", directory.resolve("missing"))).isTrue();
        assertThat(PingIcmp.detect("Mac OS X", status)).isFalse();
    }

    @Test
    void specsHaveDefaultsAndNameInvalidFields() {
        PingSpec spec = PingSpec.of("example.com");
        assertThat(spec).isEqualTo(new PingSpec("example.com", 3, Duration.ofMillis(200), 50, null));
        assertThat(new PingSpec("example.com", 3, null, 50, null).interval()).isEqualTo(Duration.ofMillis(200));
        assertThat(spec.type()).isEqualTo("ping");
        assertThatThrownBy(() -> spec.withEchoes(0, Duration.ZERO))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("ping.count"));
        assertThatThrownBy(() -> spec.withEchoes(21, Duration.ZERO))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("ping.count"));
        assertThatThrownBy(() -> spec.withEchoes(3, Duration.ofMillis(-1)))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("ping.interval"));
        assertThatThrownBy(() -> spec.withMaxLossPercent(100))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("ping.maxLossPercent"));
        assertThatThrownBy(() -> spec.withDegradedRoundTrip(Duration.ZERO))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("ping.degradedRoundTrip"));
    }
}
