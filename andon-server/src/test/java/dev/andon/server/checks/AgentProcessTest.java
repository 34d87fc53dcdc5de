package dev.andon.server.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.andon.server.support.AndonServerTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A real `andon agent` process (same jar, no database) talking to the server over HTTP through a
 * relay the test can cut, to show that results made while the server is unreachable arrive later.
 */
class AgentProcessTest extends AndonServerTest {
    private final AtomicBoolean serverReachable = new AtomicBoolean(true);
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer target;
    private HttpServer relay;
    private Process agent;
    private Path agentLog;
    private String id;

    @BeforeEach
    void start() throws IOException {
        id = UUID.randomUUID().toString().substring(0, 8);
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        target.start();
        relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        relay.createContext("/", exchange -> {
            if (!serverReachable.get()) {
                exchange.sendResponseHeaders(502, -1);
                exchange.close();
                return;
            }
            try {
                HttpRequest.Builder forward = HttpRequest.newBuilder(uri(exchange.getRequestURI().toString()))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
                for (String header : List.of("Authorization", "Content-Type", "User-Agent")) {
                    String value = exchange.getRequestHeaders().getFirst(header);
                    if (value != null) {
                        forward.header(header, value);
                    }
                }
                HttpResponse<byte[]> response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                exchange.getResponseHeaders().add("Content-Type", response.headers().firstValue("Content-Type").orElse("application/json"));
                exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
                exchange.getResponseBody().write(response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        relay.start();
        post("/api/v1/services", "{\"slug\":\"edge-%s\",\"name\":\"Edge\"}".formatted(id));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (agent != null) {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
            agent.destroyForcibly();
        }
        relay.stop(0);
        target.stop(0);
    }

    private Process startAgent(String token, String location) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        agentLog = Files.createTempFile("andon-agent", ".log");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.andon.server.AndonMain", "agent",
                "--server", "http://127.0.0.1:" + relay.getAddress().getPort(), "--token", token, "--location", location)
                .redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
    }

    @Test
    void anAgentRunsItsLocationsChecksAndDeliversResultsMadeWhileTheServerWasAway() throws Exception {
        String location = "outside-" + id;
        HttpResponse<String> created = post("/api/v1/agents", "{\"location\":\"%s\",\"description\":\"test\"}".formatted(location));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String token = json(created).path("token").asString();
        assertThat(token).startsWith("andon_agent_");
        assertThat(json(get("/api/v1/agents")).toString()).doesNotContain(token);

        assertThat(post("/api/v1/checks", """
                {"slug": "edge-%s", "service": "edge-%s", "http": {"url": "http://127.0.0.1:%d/"}, "interval": "1s",
                 "locations": ["local", "%s"], "downWhen": "all"}""".formatted(id, id, target.getAddress().getPort(), location)).statusCode())
                .isEqualTo(201);

        agent = startAgent(token, location);
        awaitLocationUp("edge-" + id, location);

        serverReachable.set(false);
        Instant cutFrom = Instant.now();
        Thread.sleep(3000);
        Instant cutUntil = Instant.now();
        serverReachable.set(true);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long during = 0;
        while (System.nanoTime() < deadline && during < 2) {
            during = json(get("/api/v1/checks/edge-" + id + "/results?limit=200")).valueStream()
                    .filter(result -> result.path("location").asString().equals(location))
                    .map(result -> Instant.parse(result.path("at").asString()))
                    .filter(at -> at.isAfter(cutFrom) && at.isBefore(cutUntil)).count();
            Thread.sleep(300);
        }
        assertThat(during).as("results made while the server was unreachable; agent log:\n" + Files.readString(agentLog)).isGreaterThanOrEqualTo(2);
        assertThat(Files.readString(agentLog)).contains("upload of").contains("buffered");
        JsonNode agentInfo = json(get("/api/v1/agents")).valueStream().filter(info -> info.path("location").asString().equals(location)).findFirst().orElseThrow();
        assertThat(agentInfo.path("lastSeenAt").isNull()).isFalse();
    }

    @Test
    void agentTokensOnlyOpenTheAgentEndpoints() throws Exception {
        String location = "inside-" + id;
        String token = json(post("/api/v1/agents", "{\"location\":\"%s\"}".formatted(location))).path("token").asString();

        HttpResponse<String> asAgent = send(HttpRequest.newBuilder(uri("/api/v1/agent/assignments")).header("Authorization", "Bearer " + token).build());
        assertThat(asAgent.statusCode()).isEqualTo(200);
        assertThat(json(asAgent).path("location").asString()).isEqualTo(location);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/checks")).header("Authorization", "Bearer " + token).build()).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/agent/assignments").statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/agent/assignments")).header("Authorization", "Bearer andon_agent_forged").build())
                .statusCode()).isEqualTo(401);

        // A token for one location cannot run as another: the agent stops with an error.
        agent = startAgent(token, "elsewhere-" + id);
        assertThat(agent.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isEqualTo(1);
        assertThat(Files.readString(agentLog)).contains("belongs to location '" + location + "'");

        String rotated = json(post("/api/v1/agents/" + location + "/rotate-token", "")).path("token").asString();
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/agent/assignments")).header("Authorization", "Bearer " + token).build()).statusCode())
                .isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/agent/assignments")).header("Authorization", "Bearer " + rotated).build()).statusCode())
                .isEqualTo(200);
    }

    private void awaitLocationUp(String slug, String location) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        JsonNode check = null;
        while (System.nanoTime() < deadline) {
            check = json(get("/api/v1/checks/" + slug));
            for (JsonNode state : check.path("locationStates")) {
                if (state.path("location").asString().equals(location) && state.path("status").asString().equals("up")) {
                    return;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("location " + location + " never reported up; check: " + check + "\nagent log:\n" + Files.readString(agentLog));
    }

}
