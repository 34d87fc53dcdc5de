package dev.andon.probe;

import static dev.andon.probe.HttpScriptedServer.respond;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String JSON = "{\"status\":\"degraded\",\"version\":3,\"checks\":[{\"name\":\"db\",\"status\":\"ok\"}]}";

    private static HttpServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ok", exchange -> reply(exchange, 200, "text/plain; charset=utf-8", "all systems ok"));
        server.createContext("/error", exchange -> reply(exchange, 500, "text/plain", "database down"));
        server.createContext("/json", exchange -> reply(exchange, 200, "application/json", JSON));
        server.createContext("/slow", exchange -> {
            sleep(3_000);
            reply(exchange, 200, "text/plain", "late");
        });
        server.createContext("/a-bit-slow", exchange -> {
            sleep(150);
            reply(exchange, 200, "text/plain", "ok");
        });
        server.createContext("/moved", exchange -> redirect(exchange, 302, "ok"));
        server.createContext("/moved-twice", exchange -> redirect(exchange, 301, "/moved"));
        server.createContext("/loop", exchange -> redirect(exchange, 307, "/loop"));
        server.createContext("/slow-loop", exchange -> {
            sleep(150);
            redirect(exchange, 302, "/slow-loop");
        });
        server.createContext("/chunked", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("Hello, ".getBytes(StandardCharsets.UTF_8));
                body.flush();
                body.write("chunked world".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void aHealthyEndpointIsUpWithEveryPhaseTimed() {
        ProbeResult result = HttpSpec.get(url("/ok")).run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(result.message()).startsWith("HTTP 200 in ");
        assertThat(result.phases()).containsOnlyKeys("dns", "connect", "first_byte", "transfer", "assertion");
        assertThat(result.phases().get("dns")).isZero();
        assertThat(result.observations())
                .containsEntry("http.status", "200")
                .containsEntry("http.address", "127.0.0.1")
                .doesNotContainKeys("tls.protocol", "http.redirects", "http.body_truncated", "dns.answer");
    }

    @Test
    void aHostNameIsResolvedAndItsAnswerRecorded() {
        ProbeResult result = HttpSpec.get("http://localhost:" + server.getAddress().getPort() + "/ok").run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(result.observations().get("dns.answer")).contains("127.0.0.1");
    }

    @Test
    void aServerErrorIsDownInTheAssertionPhase() {
        ProbeResult result = HttpSpec.get(url("/error")).run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo("assertion");
        assertThat(result.message()).isEqualTo("expected status 200-399, got 500");
        assertThat(result.observations()).containsEntry("http.status", "500");
    }

    @Test
    void aListedErrorStatusPasses() {
        ProbeResult result = HttpSpec.builder(url("/error")).expectedStatus("5xx").build().run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
    }

    @Test
    void aSlowServerIsDownAtTheTimeout() {
        long start = System.nanoTime();
        ProbeResult result = HttpSpec.get(url("/slow")).run(Duration.ofMillis(400));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo("first_byte");
        assertThat(result.message()).startsWith("no response from 127.0.0.1:").contains(" after 4");
        assertThat(took).isBetween(Duration.ofMillis(390), Duration.ofMillis(2500));
    }

    @Test
    void aHugeBodyIsReadOnlyUpToTheLimit() throws Exception {
        // 50 MB announced and sent: the probe reads its first 1 MiB and hangs up.
        long size = 50_000_000;
        try (HttpScriptedServer huge = HttpScriptedServer.answering(output -> {
            output.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\nstatus=ok;").getBytes(StandardCharsets.US_ASCII));
            byte[] filler = new byte[64 * 1024];
            for (long sent = 10; sent < size; sent += filler.length) {
                output.write(filler, 0, (int) Math.min(filler.length, size - sent));
            }
        })) {
            ProbeResult result = HttpSpec.builder(huge.url("/")).bodyContains("status=ok").build().run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(result.observations()).containsEntry("http.body_truncated", "true");
        }
    }

    @Test
    void aHugeBodyWithoutLengthIsCappedToo() throws Exception {
        try (HttpScriptedServer huge = HttpScriptedServer.answering(output -> {
            output.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] filler = new byte[64 * 1024];
            for (int i = 0; i < 800; i++) {
                output.write(filler);
            }
        })) {
            ProbeResult result = HttpSpec.builder(huge.url("/")).maxBodyBytes(100_000).bodyContains("never there").build().run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.message()).isEqualTo("body does not contain \"never there\" (only its first 100000 bytes were read)");
            assertThat(result.observations()).containsEntry("http.body_truncated", "true");
        }
    }

    @Test
    void garbageInsteadOfHttpIsDownAtTheFirstByte() throws Exception {
        try (HttpScriptedServer ssh = HttpScriptedServer.speakingFirst(respond("SSH-2.0-OpenSSH_9.6\r\n"))) {
            ProbeResult result = HttpSpec.get(ssh.url("/")).run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.failedPhase()).isEqualTo("first_byte");
            assertThat(result.message()).isEqualTo("not an HTTP response: starts with \"SSH-2.0-OpenSSH_9.6\\x0d\\x0a\"");
        }
    }

    @Test
    void binaryGarbageWithoutALineEndFailsAtOnceRatherThanAtTheTimeout() throws Exception {
        try (HttpScriptedServer binary = HttpScriptedServer.answering(output -> {
            output.write(new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
            output.flush();
            sleep(5_000);
        })) {
            ProbeResult result = HttpSpec.get(binary.url("/")).run(TIMEOUT);

            assertThat(result.failedPhase()).isEqualTo("first_byte");
            assertThat(result.message()).startsWith("not an HTTP response: starts with \"\\x00\\x01");
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aServerDrippingBytesCannotHoldTheProbePastItsDeadline() throws Exception {
        try (HttpScriptedServer drip = HttpScriptedServer.answering(output -> {
            for (byte b : "HTTP/1.1 200 OK\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII)) {
                output.write(b);
                output.flush();
                sleep(200);
            }
        })) {
            long start = System.nanoTime();
            ProbeResult result = HttpSpec.get(drip.url("/")).run(Duration.ofMillis(1_000));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.failedPhase()).isEqualTo("transfer");
            assertThat(result.message()).startsWith("timed out after ").endsWith(" ms reading the response");
            assertThat(took).isBetween(Duration.ofMillis(990), Duration.ofMillis(1_400));
        }
    }

    @Test
    void aChunkedBodyIsDecoded() {
        ProbeResult result = HttpSpec.builder(url("/chunked")).bodyContains("Hello, chunked world").build().run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
    }

    @Test
    void chunkExtensionsAndInterimResponsesAreUnderstood() throws Exception {
        try (HttpScriptedServer peer = HttpScriptedServer.answering(respond(
                "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;note=first\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n"))) {
            ProbeResult result = HttpSpec.builder(peer.url("/")).bodyRegex("^hello world$").build().run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(result.observations()).containsEntry("http.status", "200");
        }
    }

    @Test
    void aRelativeRedirectIsFollowed() {
        ProbeResult result = HttpSpec.builder(url("/moved-twice")).bodyContains("all systems ok").build().run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(result.observations()).containsEntry("http.redirects", "2").containsEntry("http.status", "200");
    }

    @Test
    void aRedirectIsTheAnswerWhenNotFollowed() {
        HttpSpec spec = HttpSpec.builder(url("/moved")).followRedirects(false).build();

        assertThat(spec.run(TIMEOUT).status()).isEqualTo(ProbeResult.Status.UP);
        assertThat(spec.run(TIMEOUT).observations()).containsEntry("http.status", "302").doesNotContainKey("http.redirects");
        ProbeResult strict = spec.toBuilder().expectedStatus("200").build().run(TIMEOUT);
        assertThat(strict.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(strict.message()).isEqualTo("expected status 200, got 302");
    }

    @Test
    void aRedirectLoopStopsAfterFiveHops() {
        ProbeResult result = HttpSpec.get(url("/loop")).run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo("assertion");
        assertThat(result.message()).isEqualTo("more than 5 redirects (the next to \"/loop\")");
        assertThat(result.observations()).containsEntry("http.redirects", "5");
    }

    @Test
    void oneTimeoutCoversEveryRedirect() {
        long start = System.nanoTime();
        ProbeResult result = HttpSpec.get(url("/slow-loop")).run(Duration.ofMillis(400));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo("first_byte");
        assertThat(result.observations()).containsEntry("http.redirects", "2");
        assertThat(took).isBetween(Duration.ofMillis(390), Duration.ofMillis(2500));
    }

    @Test
    void aPostSendsItsBodyAndHeadersExactly() throws Exception {
        try (HttpScriptedServer peer = HttpScriptedServer.answering(respond("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"))) {
            String body = "{\"name\":\"café\"}";
            ProbeResult result = HttpSpec.builder(peer.url("/orders?dry-run=true"))
                    .method("POST")
                    .header("Content-Type", "application/json")
                    .header("X-Request-Id", "probe-1")
                    .body(body)
                    .build()
                    .run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(peer.requests()).containsExactly("POST /orders?dry-run=true HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + peer.port() + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "X-Request-Id: probe-1\r\n"
                    + "User-Agent: Andon-Probe/1\r\n"
                    + "Accept: */*\r\n"
                    + "Connection: close\r\n"
                    + "Content-Length: 16\r\n"
                    + "\r\n"
                    + body);
        }
    }

    @Test
    void userHeadersReplaceTheProbesOwn() throws Exception {
        try (HttpScriptedServer peer = HttpScriptedServer.answering(respond("HTTP/1.1 204 No Content\r\n\r\n"))) {
            HttpSpec.builder(peer.url("/")).header("Host", "status.example.com").header("User-Agent", "curl/8").build().run(TIMEOUT);

            assertThat(peer.requests()).singleElement().isEqualTo("GET / HTTP/1.1\r\n"
                    + "Host: status.example.com\r\n"
                    + "User-Agent: curl/8\r\n"
                    + "Accept: */*\r\n"
                    + "Connection: close\r\n"
                    + "\r\n");
        }
    }

    @Test
    void aSeeOtherAfterAPostIsFollowedWithAGetWithoutBody() throws Exception {
        try (HttpScriptedServer peer = HttpScriptedServer.answering(output -> output.write(
                "HTTP/1.1 303 See Other\r\nLocation: /done\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))) {
            HttpSpec.builder(peer.url("/form")).method("POST").body("a=1").build().run(TIMEOUT);

            List<String> requests = peer.requests();
            assertThat(requests).hasSize(HttpSpec.MAX_REDIRECTS + 1);
            assertThat(requests.get(0)).startsWith("POST /form HTTP/1.1\r\n").endsWith("a=1");
            assertThat(requests.get(1)).startsWith("GET /done HTTP/1.1\r\n").doesNotContain("Content-Length").endsWith("\r\n\r\n");
        }
    }

    @Test
    void aRedirectToAnotherOriginDropsCredentials() throws Exception {
        try (HttpScriptedServer other = HttpScriptedServer.answering(respond("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
             HttpScriptedServer redirecting = HttpScriptedServer.answering(respond(
                     "HTTP/1.1 302 Found\r\nLocation: " + other.url("/landing") + "\r\nContent-Length: 0\r\n\r\n"))) {
            ProbeResult result = HttpSpec.builder(redirecting.url("/"))
                    .header("Authorization", "Bearer secret")
                    .header("X-Trace", "1")
                    .build()
                    .run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(redirecting.requests()).singleElement().asString().contains("Authorization: Bearer secret");
            assertThat(other.requests()).singleElement().asString()
                    .startsWith("GET /landing HTTP/1.1\r\n").contains("X-Trace: 1").doesNotContain("Authorization");
        }
    }

    @Test
    void bodyContainsPassesAndFails() {
        assertThat(HttpSpec.builder(url("/ok")).bodyContains("systems ok").build().run(TIMEOUT).status())
                .isEqualTo(ProbeResult.Status.UP);

        ProbeResult result = HttpSpec.builder(url("/ok")).bodyContains("\"ok\"").build().run(TIMEOUT);
        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo("assertion");
        assertThat(result.message()).isEqualTo("body does not contain \"\"ok\"\"");
    }

    @Test
    void bodyRegexPassesAndFails() {
        assertThat(HttpSpec.builder(url("/ok")).bodyRegex("systems\\s+ok$").build().run(TIMEOUT).status())
                .isEqualTo(ProbeResult.Status.UP);

        ProbeResult result = HttpSpec.builder(url("/ok")).bodyRegex("^ok").build().run(TIMEOUT);
        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.message()).isEqualTo("body does not match the regular expression \"^ok\"");
    }

    @Test
    void aJsonPathValueMustBeEqual() {
        ProbeResult result = HttpSpec.builder(url("/json")).jsonPath("$.status", "ok").build().run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo("assertion");
        assertThat(result.message()).isEqualTo("$.status is \"degraded\", expected \"ok\"");
        assertThat(HttpSpec.builder(url("/json")).jsonPath("$.status", "degraded").build().run(TIMEOUT).status())
                .isEqualTo(ProbeResult.Status.UP);
    }

    @Test
    void aJsonPathNumberComparesAsWritten() {
        assertThat(HttpSpec.builder(url("/json")).jsonPath("$.version", "3").build().run(TIMEOUT).status())
                .isEqualTo(ProbeResult.Status.UP);
        assertThat(HttpSpec.builder(url("/json")).jsonPath("$.version", "4").build().run(TIMEOUT).message())
                .isEqualTo("$.version is 3, expected \"4\"");
    }

    @Test
    void aJsonPathWithoutValueOnlyHasToExist() {
        assertThat(HttpSpec.builder(url("/json")).jsonPath("$.checks[0].name", null).build().run(TIMEOUT).status())
                .isEqualTo(ProbeResult.Status.UP);
        assertThat(HttpSpec.builder(url("/json")).jsonPath("$.uptime", null).build().run(TIMEOUT).message())
                .isEqualTo("$.uptime not found in the body");
    }

    @Test
    void aJsonPathMatchingSeveralNodesNeedsOneEqual() {
        assertThat(HttpSpec.builder(url("/json")).jsonPath("$.checks[?(@.name == 'db')].status", "ok").build().run(TIMEOUT).status())
                .isEqualTo(ProbeResult.Status.UP);
        assertThat(HttpSpec.builder(url("/json")).jsonPath("$.checks[?(@.name == 'cache')].status", null).build().run(TIMEOUT).message())
                .isEqualTo("$.checks[?(@.name == 'cache')].status not found in the body");
    }

    @Test
    void aJsonPathOnABodyThatIsNotJsonFails() {
        ProbeResult result = HttpSpec.builder(url("/ok")).jsonPath("$.status", "ok").build().run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.message()).isEqualTo("body is not JSON, so $.status cannot be checked");
    }

    @Test
    void headerAssertionsIgnoreTheCaseOfNames() {
        assertThat(HttpSpec.builder(url("/json")).headerContains("CONTENT-TYPE", "json").build().run(TIMEOUT).status())
                .isEqualTo(ProbeResult.Status.UP);
        assertThat(HttpSpec.builder(url("/json")).headerContains("Content-Type", "xml").build().run(TIMEOUT).message())
                .isEqualTo("header Content-Type is \"application/json\", expected it to contain \"xml\"");
        assertThat(HttpSpec.builder(url("/json")).headerContains("X-Version", "").build().run(TIMEOUT).message())
                .isEqualTo("header X-Version is missing");
    }

    @Test
    void aPassingButSlowResponseIsDegraded() {
        ProbeResult result = HttpSpec.builder(url("/a-bit-slow")).degradedAfter(Duration.ofMillis(50)).build().run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DEGRADED);
        assertThat(result.up()).isTrue();
        assertThat(result.message()).startsWith("HTTP 200 in 1").endsWith(" ms, slower than the degradedAfter limit of 50 ms");
        assertThat(HttpSpec.builder(url("/ok")).degradedAfter(Duration.ofSeconds(1)).build().run(TIMEOUT).status())
                .isEqualTo(ProbeResult.Status.UP);
    }

    @Test
    void aClosedPortIsRefusedInTheConnectPhase() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        ProbeResult result = HttpSpec.get("http://127.0.0.1:" + port + "/").run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo("connect");
        assertThat(result.message()).isEqualTo("connect to 127.0.0.1:" + port + " refused");
        assertThat(result.phases()).containsOnlyKeys("dns", "connect");
    }

    @Test
    void anUnknownHostIsDownInTheDnsPhase() {
        ProbeResult result = HttpSpec.get("http://no-such-host.invalid/health").run(TIMEOUT);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.failedPhase()).isEqualTo("dns");
        assertThat(result.message()).isEqualTo("DNS: cannot resolve no-such-host.invalid");
        assertThat(result.phases()).containsOnlyKeys("dns");
    }

    @Test
    void aHeadRequestReadsNoBody() throws Exception {
        // A HEAD answer announces the length of the body it does not send; waiting for it would time out.
        try (HttpScriptedServer peer = HttpScriptedServer.answering(output -> {
            output.write("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            output.flush();
            sleep(3_000);
        })) {
            ProbeResult result = HttpSpec.builder(peer.url("/")).method("HEAD").build().run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void headersOver64KiBAreMalformed() throws Exception {
        try (HttpScriptedServer peer = HttpScriptedServer.answering(respond(
                "HTTP/1.1 200 OK\r\n" + ("X-Padding: " + "a".repeat(1000) + "\r\n").repeat(70) + "\r\n"))) {
            ProbeResult result = HttpSpec.get(peer.url("/")).run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.failedPhase()).isEqualTo("transfer");
            assertThat(result.message()).isEqualTo("malformed response: headers too large");
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIsDown() throws Exception {
        try (HttpScriptedServer peer = HttpScriptedServer.answering(respond("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"))) {
            ProbeResult result = HttpSpec.get(peer.url("/")).run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.failedPhase()).isEqualTo("transfer");
            assertThat(result.message()).isEqualTo("connection closed after 5 of 100 body bytes");
        }
    }

    @Test
    void aConnectionClosedWithoutAnswerIsDownAtTheFirstByte() throws Exception {
        try (HttpScriptedServer peer = HttpScriptedServer.answering(output -> { })) {
            ProbeResult result = HttpSpec.get(peer.url("/")).run(TIMEOUT);

            assertThat(result.failedPhase()).isEqualTo("first_byte");
            assertThat(result.message()).isEqualTo("connection closed without a response");
        }
    }

    @Test
    void aBadStatusLineIsMalformed() throws Exception {
        try (HttpScriptedServer peer = HttpScriptedServer.answering(respond("HTTP/1.1 OK\r\n\r\n"))) {
            ProbeResult result = HttpSpec.get(peer.url("/")).run(TIMEOUT);

            assertThat(result.failedPhase()).isEqualTo("first_byte");
            assertThat(result.message()).isEqualTo("malformed status line \"HTTP/1.1 OK\"");
        }
    }

    @Test
    void aZeroTimeoutIsDownWithoutThrowing() {
        ProbeResult result = HttpSpec.get(url("/ok")).run(Duration.ZERO);

        assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
        assertThat(result.message()).contains("timed out");
    }

    @Test
    void oneProbeRunsOnManyVirtualThreadsAtOnce() throws Exception {
        HttpProbe probe = new HttpProbe(HttpSpec.builder(url("/json")).jsonPath("$.checks[0].status", "ok").build());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ProbeResult>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(executor.submit(() -> probe.run(TIMEOUT)));
            }
            for (Future<ProbeResult> result : results) {
                assertThat(result.get().status()).isEqualTo(ProbeResult.Status.UP);
            }
        }
    }

    @Test
    void httpsWithAnUntrustedCertificateIsDownInTheTlsPhase() throws Exception {
        try (HttpsTestServer https = new HttpsTestServer("secure ok")) {
            ProbeResult result = HttpSpec.get(https.url("/")).run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.DOWN);
            assertThat(result.failedPhase()).isEqualTo("tls");
            assertThat(result.message()).isEqualTo("TLS handshake failed: certificate not trusted (self-signed or from an unknown issuer)");
        }
    }

    @Test
    void httpsWithoutVerificationAcceptsAnyCertificateAndTimesTheHandshake() throws Exception {
        try (HttpsTestServer https = new HttpsTestServer("secure ok")) {
            ProbeResult result = HttpSpec.builder(https.url("/")).verifyTls(false).bodyContains("secure ok").build().run(TIMEOUT);

            assertThat(result.status()).isEqualTo(ProbeResult.Status.UP);
            assertThat(result.phases()).containsOnlyKeys("dns", "connect", "tls", "first_byte", "transfer", "assertion");
            assertThat(result.observations()).containsEntry("tls.protocol", "TLSv1.3").containsKey("dns.answer");
            // The certificate names localhost, not this address: without verification the name is not checked either.
            URI byAddress = URI.create("https://127.0.0.1:" + https.port() + "/");
            assertThat(HttpSpec.builder(byAddress).verifyTls(false).build().run(TIMEOUT).status()).isEqualTo(ProbeResult.Status.UP);
        }
    }

    @Test
    void httpsToAPlainHttpPortSaysSo() throws Exception {
        // What nginx does with a TLS hello on a plain port: a 400 in clear text.
        try (HttpScriptedServer plain = HttpScriptedServer.speakingFirst(respond("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"))) {
            ProbeResult result = HttpSpec.get("https://127.0.0.1:" + plain.port() + "/").run(TIMEOUT);

            assertThat(result.failedPhase()).isEqualTo("tls");
            assertThat(result.message()).isEqualTo("TLS handshake failed: the server does not speak TLS on this port (use http://)");
        }
    }

    @Test
    void aTlsHandshakeDrippingBytesIsBoundedByTheDeadline() throws Exception {
        // A TLS record header announcing 16 KiB of handshake, then one byte every 200 ms.
        try (HttpScriptedServer drip = HttpScriptedServer.speakingFirst(output -> {
            output.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
            for (int i = 0; i < 100; i++) {
                output.write(0x02);
                output.flush();
                sleep(200);
            }
        })) {
            long start = System.nanoTime();
            ProbeResult result = HttpSpec.get("https://127.0.0.1:" + drip.port() + "/").run(Duration.ofMillis(800));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.failedPhase()).isEqualTo("tls");
            assertThat(result.message()).startsWith("TLS handshake with 127.0.0.1:" + drip.port() + " timed out after ");
            assertThat(took).isBetween(Duration.ofMillis(790), Duration.ofMillis(1_200));
        }
    }

    @Test
    void httpToATlsPortSaysSo() throws Exception {
        try (HttpScriptedServer tls = HttpScriptedServer.answering(output -> output.write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46}))) {
            ProbeResult result = HttpSpec.get(tls.url("/")).run(TIMEOUT);

            assertThat(result.message()).isEqualTo("not an HTTP response: the server answered with TLS (use https://)");
        }
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(bytes);
        }
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
