package dev.andon.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpProbeTest {

    @Test
    void anOpenPortIsUpWithTimedPhases() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            ProbeResult result = new TcpProbe("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(2)).run();
            assertThat(result.up()).isTrue();
            assertThat(result.phases()).containsKeys("dns", "connect");
        }
    }

    @Test
    void aClosedPortIsDownInTheConnectPhase() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0)) {
            port = server.getLocalPort();
        }
        ProbeResult result = new TcpProbe("127.0.0.1", port, Duration.ofSeconds(2)).run();
        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("connect to 127.0.0.1:" + port + " failed");
    }

    @Test
    void anUnknownHostIsDownInTheDnsPhase() {
        ProbeResult result = new TcpProbe("no-such-host.invalid", 80, Duration.ofSeconds(2)).run();
        assertThat(result.up()).isFalse();
        assertThat(result.message()).startsWith("DNS:");
        assertThat(result.phases()).containsOnlyKeys("dns");
    }
}
