package dev.andon.server.durability;

import static dev.andon.server.support.ServerProcesses.awaitReady;
import static dev.andon.server.support.ServerProcesses.basic;
import static dev.andon.server.support.ServerProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.AndonMain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server, as `./andon server` runs it, killed with -9 while it acknowledges writes:
 * after a restart on the same data directory every acknowledged object, and every probe result
 * acknowledged to an agent, is there.
 */
class ServerKillTest {
    private static final String PASSWORD = "kill-test-password";
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedWriteSurvivesKillNineOfTheServer() throws Exception {
        int port = freePort();
        Process server = start(port);
        List<String> acknowledged = new ArrayList<>();
        int acknowledgedResults = 0;
        try {
            awaitReady(client, port, server);
            for (int n = 0; n < 40; n++) {
                String slug = "survivor-" + n;
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/services"))
                        .header("Authorization", basic(PASSWORD)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"" + slug + "\",\"name\":\"Survivor " + n + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                acknowledged.add(slug);
            }
            acknowledgedResults = uploadAgentResults(port);
        } finally {
            server.destroyForcibly(); // SIGKILL: no shutdown hook, PostgreSQL is left running
            server.waitFor(30, TimeUnit.SECONDS);
        }

        Process restarted = start(port);
        try {
            awaitReady(client, port, restarted);
            for (String slug : acknowledged) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/services/" + slug))
                        .header("Authorization", basic(PASSWORD)).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("acknowledged %s after kill -9", slug).isEqualTo(200);
            }
            HttpResponse<String> results = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/checks/survivor-check/results?limit=1000")).header("Authorization", basic(PASSWORD)).GET().build(), HttpResponse.BodyHandlers.ofString());
            long fromAgent = JSON.readTree(results.body()).valueStream().filter(result -> result.path("location").asString().equals("kill-site")).count();
            assertThat(fromAgent).as("probe results acknowledged to the agent").isEqualTo(acknowledgedResults);
        } finally {
            restarted.destroy(); // SIGTERM: a clean stop that also stops PostgreSQL
            assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Creates an agent location and a check for it, then uploads results as an agent does; returns how many were acknowledged. */
    private int uploadAgentResults(int port) throws Exception {
        HttpResponse<String> agent = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/agents"))
                .header("Authorization", basic(PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"location\":\"kill-site\"}")).build(), HttpResponse.BodyHandlers.ofString());
        String token = JSON.readTree(agent.body()).path("token").asString();
        HttpResponse<String> check = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/checks"))
                .header("Authorization", basic(PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"survivor-check\",\"service\":\"survivor-0\",\"interval\":\"1h\","
                        + "\"tcp\":{\"host\":\"127.0.0.1\",\"port\":9},\"locations\":[\"kill-site\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(check.statusCode()).as(check.body()).isEqualTo(201);
        long checkId = JSON.readTree(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/agent/assignments"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString()).body()).path("checks").get(0).path("id").asLong();
        int acknowledged = 0;
        for (int batch = 0; batch < 10; batch++) {
            StringBuilder body = new StringBuilder("{\"results\":[");
            for (int n = 0; n < 50; n++) {
                body.append(n == 0 ? "" : ",").append("{\"id\":\"").append(java.util.UUID.randomUUID()).append("\",\"checkId\":").append(checkId)
                        .append(",\"at\":\"").append(java.time.Instant.now()).append("\",\"result\":{\"status\":\"UP\",\"message\":\"ok\",")
                        .append("\"phases\":{\"connect\":1.5},\"observations\":{}}}");
            }
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/agent/results"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            acknowledged += 50;
        }
        return acknowledged;
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

}
