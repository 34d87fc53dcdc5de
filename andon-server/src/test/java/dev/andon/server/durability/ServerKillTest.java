package dev.andon.server.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.AndonMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server, as `./andon server` runs it, killed with -9 while it acknowledges writes:
 * after a restart on the same data directory every acknowledged object is there.
 */
class ServerKillTest {
    private static final String PASSWORD = "kill-test-password";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedWriteSurvivesKillNineOfTheServer() throws Exception {
        int port = freePort();
        Process server = start(port);
        List<String> acknowledged = new ArrayList<>();
        try {
            awaitReady(port, server);
            for (int n = 0; n < 40; n++) {
                String slug = "survivor-" + n;
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/services"))
                        .header("Authorization", basic()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"" + slug + "\",\"name\":\"Survivor " + n + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                acknowledged.add(slug);
            }
        } finally {
            server.destroyForcibly(); // SIGKILL: no shutdown hook, PostgreSQL is left running
            server.waitFor(30, TimeUnit.SECONDS);
        }

        Process restarted = start(port);
        try {
            awaitReady(port, restarted);
            for (String slug : acknowledged) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/services/" + slug))
                        .header("Authorization", basic()).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("acknowledged %s after kill -9", slug).isEqualTo(200);
            }
        } finally {
            restarted.destroy(); // SIGTERM: a clean stop that also stops PostgreSQL
            assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    private Process start(int port) throws IOException {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(javaCommand, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                AndonMain.class.getName(), "server", "--server.port=" + port, "--andon.data-dir=" + dataDir)
                .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-server.log").toFile());
        builder.environment().put("ANDON_ADMIN_PASSWORD", PASSWORD);
        builder.environment().remove("ANDON_DATABASE_URL");
        return builder.start();
    }

    private void awaitReady(int port, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("the server process exited early").isTrue();
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server not ready in 120 s");
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
