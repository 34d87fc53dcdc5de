package dev.andon.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TcpProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void anOpenPortIsUpWithTimedPhasesAndReadsNothing() throws Exception {
        try (TcpTestServer server = TcpTestServer.silent()) {
            ProbeResult result = TcpSpec.of("127.0.0.1", server.port()).run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(result.phases()).containsOnlyKeys(Phase.DNS, Phase.CONNECT);
            assertThat(result.observations())
                    .containsEntry("dns.answer", "127.0.0.1")
                    .containsEntry("tcp.address", "127.0.0.1:" + server.port())
                    .doesNotContainKey("tcp.banner");
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aBannerThatContainsTheExpectedTextIsUp() throws Exception {
        try (TcpTestServer server = TcpTestServer.start(socket -> {
            socket.getOutputStream().write("220 mail.example.com ESMTP ready\r\n".getBytes(StandardCharsets.UTF_8));
            TcpTestServer.readUntilClosed(socket);
        })) {
            ProbeResult result = TcpSpec.of("127.0.0.1", server.port()).withExpect("ESMTP").run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(result.phases()).containsOnlyKeys(Phase.DNS, Phase.CONNECT, Phase.FIRST_BYTE, Phase.ASSERTION);
            assertThat(result.observations()).containsEntry("tcp.banner", "220 mail.example.com ESMTP ready");
        }
    }

    @Test
    void aBannerWithoutTheExpectedTextIsDownInTheAssertionPhase() throws Exception {
        try (TcpTestServer server = TcpTestServer.start(socket ->
                socket.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.UTF_8)))) {
            ProbeResult result = TcpSpec.of("127.0.0.1", server.port()).withExpect("ESMTP").run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.failedPhase()).isEqualTo(Phase.ASSERTION);
            assertThat(result.message()).contains("does not contain 'ESMTP'").contains("SSH-2.0-OpenSSH_9.6");
            assertThat(result.observations()).containsEntry("tcp.banner", "SSH-2.0-OpenSSH_9.6");
        }
    }

    @Test
    void theSentLineEndsWithCrLfAndItsAnswerIsChecked() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        try (TcpTestServer server = TcpTestServer.start(socket -> {
            byte[] line = new byte[6];
            int length = socket.getInputStream().readNBytes(line, 0, line.length);
            received.complete(new String(line, 0, length, StandardCharsets.UTF_8));
            socket.getOutputStream().write("+PONG\r\n".getBytes(StandardCharsets.UTF_8));
            TcpTestServer.readUntilClosed(socket);
        })) {
            ProbeResult result = TcpSpec.of("127.0.0.1", server.port()).withSend("PING").withExpect("PONG").run(TIMEOUT);

            assertThat(received.get(1, TimeUnit.SECONDS)).isEqualTo("PING\r\n");
            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(result.observations()).containsEntry("tcp.banner", "+PONG");
        }
    }

    @Test
    void aSentLineWithoutExpectationIsUpOnceTheFirstLineOfTheAnswerArrives() throws Exception {
        try (TcpTestServer server = TcpTestServer.start(socket -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            out.write(("echo: " + in.readLine() + "\n").getBytes(StandardCharsets.UTF_8));
            TcpTestServer.readUntilClosed(socket);
        })) {
            ProbeResult result = TcpSpec.of("127.0.0.1", server.port()).withSend("hello\n").run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(result.message()).isEqualTo("answered 'echo: hello'");
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aPeerThatAcceptsButNeverAnswersIsDownWithinTheTimeout() throws Exception {
        try (TcpTestServer server = TcpTestServer.silent()) {
            long start = System.nanoTime();
            ProbeResult result = TcpSpec.of("127.0.0.1", server.port()).withExpect("220").run(Duration.ofMillis(300));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.failedPhase()).isEqualTo(Phase.FIRST_BYTE);
            assertThat(result.message()).contains("no answer").contains("timed out");
            assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofMillis(2500));
        }
    }

    @Test
    void aPeerTricklingBytesCannotStretchTheTimeout() throws Exception {
        try (TcpTestServer server = TcpTestServer.start(socket -> {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 100; i++) {
                out.write('.');
                out.flush();
                Thread.sleep(50);
            }
        })) {
            long start = System.nanoTime();
            ProbeResult result = TcpSpec.of("127.0.0.1", server.port()).withExpect("220").run(Duration.ofMillis(400));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.failedPhase()).isEqualTo(Phase.ASSERTION);
            assertThat(result.message()).contains("timed out");
            assertThat(took).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void readingStopsAt64KiB() throws Exception {
        try (TcpTestServer server = TcpTestServer.start(socket -> {
            socket.getOutputStream().write(new byte[200 * 1024]);
            TcpTestServer.readUntilClosed(socket);
        })) {
            long start = System.nanoTime();
            ProbeResult result = TcpSpec.of("127.0.0.1", server.port()).withExpect("never there").run(Duration.ofSeconds(5));

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.failedPhase()).isEqualTo(Phase.ASSERTION);
            assertThat(result.message()).contains("stopped reading at 64 KiB");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aClosedPortIsDownInTheConnectPhase() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0)) {
            port = server.getLocalPort();
        }
        ProbeResult result = TcpSpec.of("127.0.0.1", port).run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo(Phase.CONNECT);
        assertThat(result.message()).startsWith("connect to 127.0.0.1:" + port + " failed");
        assertThat(result.observations()).containsEntry("tcp.address", "127.0.0.1:" + port);
    }

    @Test
    void anUnknownHostIsDownInTheDnsPhase() {
        ProbeResult result = TcpSpec.of("no-such-host.invalid", 80).run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo(Phase.DNS);
        assertThat(result.message()).startsWith("DNS:");
        assertThat(result.phases()).containsOnlyKeys(Phase.DNS);
    }

    @Test
    void theBannerObservationIsOneCleanLineOfAtMost200Characters() {
        assertThat(TcpProbe.firstLine("+OK ready\r\nsecond line")).isEqualTo("+OK ready");
        assertThat(TcpProbe.firstLine("a\u0000b\tc")).isEqualTo("a.b.c");
        assertThat(TcpProbe.firstLine("x".repeat(500))).hasSize(200);
    }

    @Test
    void invalidSpecsNameTheField() {
        assertThatThrownBy(() -> TcpSpec.of("example.com", 0))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("tcp.port"));
        assertThatThrownBy(() -> TcpSpec.of(" ", 22))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("tcp.host"));
        assertThatThrownBy(() -> TcpSpec.of("example.com", 25).withSend(""))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("tcp.send"));
        assertThatThrownBy(() -> TcpSpec.of("example.com", 25).withExpect(""))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("tcp.expect"));
        assertThat(TcpSpec.of("example.com", 25).type()).isEqualTo("tcp");
    }
}
