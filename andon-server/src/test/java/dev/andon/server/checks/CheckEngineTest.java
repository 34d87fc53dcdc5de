package dev.andon.server.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.andon.probe.ProbeResult;
import dev.andon.server.support.AndonServerTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The whole detection path on real PostgreSQL: API, local prober, result writer, verdicts, events, roll-ups. */
class CheckEngineTest extends AndonServerTest {
    private HttpServer target;
    private final AtomicInteger status = new AtomicInteger(200);
    private String id;

    @Autowired
    ResultWriter writer;

    @Autowired
    CheckMetrics metrics;

    @Autowired
    org.jooq.DSLContext sql;

    @BeforeEach
    void start() throws IOException {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes();
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        id = UUID.randomUUID().toString().substring(0, 8);
        assertThat(post("/api/v1/services", "{\"slug\":\"svc-%s\",\"name\":\"Service %s\"}".formatted(id, id)).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        target.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + target.getAddress().getPort() + "/health";
    }

    @Test
    void httpCheckGoesUpThenDownAfterConsecutiveFailuresAndBackUp() {
        HttpResponse<String> created = post("/api/v1/checks", """
                {"slug": "web-%s", "name": "Web", "service": "svc-%s", "type": "http",
                 "http": {"url": "%s", "jsonPath": {"path": "$.status", "equals": "ok"}},
                 "interval": "1s", "timeout": "1s", "failuresToDown": 2}""".formatted(id, id, url()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("status").asString()).isEqualTo("pending");

        awaitCheck("web-" + id, check -> check.path("status").asString().equals("up"));
        status.set(503);
        JsonNode down = awaitCheck("web-" + id, check -> check.path("status").asString().equals("down"));
        assertThat(down.path("statusPhase").asString()).isEqualTo("assertion");
        assertThat(down.path("statusMessage").asString()).startsWith("local: ").contains("503");
        status.set(200);
        JsonNode up = awaitCheck("web-" + id, check -> check.path("status").asString().equals("up"));

        JsonNode local = up.path("locationStates").get(0);
        assertThat(local.path("location").asString()).isEqualTo("local");
        assertThat(local.path("lastResult").path("observations").path("http.status").asString()).isEqualTo("200");
        assertThat(up.path("uptime").path("24h").path("results").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(up.path("uptime").path("24h").path("uptimePercent").asDouble()).isBetween(1.0, 99.99);
        assertThat(up.path("uptime").path("24h").path("latencyP95Ms").isNumber()).isTrue();

        List<String> kinds = json(get("/api/v1/checks/web-" + id + "/events")).valueStream().map(event -> event.path("kind").asString()).toList();
        assertThat(kinds).containsSubsequence("check.up", "check.down", "check.up", "check.created");
        JsonNode downEvent = json(get("/api/v1/checks/web-" + id + "/events")).valueStream()
                .filter(event -> event.path("kind").asString().equals("check.down")).findFirst().orElseThrow();
        assertThat(downEvent.path("after").path("service").asString()).isEqualTo("svc-" + id);
        assertThat(downEvent.path("after").path("failedPhase").asString()).isEqualTo("assertion");
        assertThat(json(get("/api/v1/checks/web-" + id + "/results?limit=3"))).hasSize(3);

        metrics.refresh();
        String prometheus = get("/metrics").body();
        assertThat(prometheus.lines().filter(line -> line.startsWith("andon_check_up{") && line.contains("check=\"web-" + id + "\"")))
                .singleElement().satisfies(line -> assertThat(line).contains("service=\"svc-" + id + "\"").endsWith(" 1.0"));
        assertThat(prometheus).contains("andon_check_latency_seconds{application=\"andon\",check=\"web-" + id + "\",location=\"local\"}");
        assertThat(prometheus).contains("andon_check_status{application=\"andon\",check=\"web-" + id + "\",service=\"svc-" + id + "\",status=\"up\",type=\"http\"} 1.0");
    }

    @Test
    void aFailingCheckerRecordsUnknownNeverDown() {
        JsonNode created = json(post("/api/v1/checks", """
                {"slug": "quiet-%s", "service": "svc-%s", "tcp": {"host": "127.0.0.1", "port": 9}, "interval": "1h", "failuresToDown": 1}"""
                .formatted(id, id)));
        long checkId = writer.idOf("quiet-" + id);
        ProbeResult overloaded = ProbeResult.builder().downAfter(null, "checker overloaded: 4096 probes already running");
        writer.write(List.of(new ResultWriter.Submitted(UUID.randomUUID(), checkId, "local", Instant.now(), overloaded, true)));

        JsonNode check = json(get("/api/v1/checks/quiet-" + id));
        assertThat(created.path("status").asString()).isEqualTo("pending");
        assertThat(check.path("status").asString()).isEqualTo("unknown");
        assertThat(json(get("/api/v1/checks/quiet-" + id + "/events")).valueStream().map(event -> event.path("kind").asString()))
                .doesNotContain("check.down");
    }

    @Test
    void aCheckGoingDownOpensACriticalAlertOnItsServiceDegradedToDownRaisesItAndUpResolvesIt() {
        post("/api/v1/checks", """
                {"slug": "paging-%s", "service": "svc-%s", "tcp": {"host": "127.0.0.1", "port": 9}, "interval": "1h", "failuresToDown": 1}"""
                .formatted(id, id));
        long checkId = writer.idOf("paging-" + id);
        Instant now = Instant.now();
        writer.write(List.of(new ResultWriter.Submitted(UUID.randomUUID(), checkId, "local", now.minusSeconds(3),
                new ProbeResult(ProbeResult.Status.DEGRADED, "slow: 2300 ms", "transfer", Map.of(), Map.of()), false)));
        JsonNode degraded = json(get("/api/v1/alerts?service=svc-" + id)).get(0);
        assertThat(degraded.path("severity").asString()).isEqualTo("warning");
        assertThat(degraded.path("origin").asString()).isEqualTo("check");
        assertThat(degraded.path("originRef").asString()).isEqualTo("paging-" + id);

        writer.write(List.of(new ResultWriter.Submitted(UUID.randomUUID(), checkId, "local", now.minusSeconds(2),
                new ProbeResult(ProbeResult.Status.DOWN, "connect refused", "connect", Map.of(), Map.of()), false)));
        JsonNode down = json(get("/api/v1/alerts?service=svc-" + id));
        assertThat(down).hasSize(1);
        assertThat(down.get(0).path("severity").asString()).isEqualTo("critical");
        assertThat(down.get(0).path("summary").asString()).contains("is down from local: connect refused");
        assertThat(down.get(0).path("dedupCount").asInt()).isEqualTo(1);

        writer.write(List.of(new ResultWriter.Submitted(UUID.randomUUID(), checkId, "local", now.minusSeconds(1),
                new ProbeResult(ProbeResult.Status.UP, "ok", null, Map.of(), Map.of()), false)));
        assertThat(json(get("/api/v1/alerts?service=svc-" + id))).isEmpty();
        assertThat(json(get("/api/v1/alerts?state=resolved&service=svc-" + id)).get(0).path("resolvedBy").asString())
                .isEqualTo("check:paging-" + id);
    }

    @Test
    void aResultSentTwiceCountsOnce() {
        post("/api/v1/checks", """
                {"slug": "twice-%s", "service": "svc-%s", "tcp": {"host": "127.0.0.1", "port": 9}, "interval": "1h", "failuresToDown": 2}"""
                .formatted(id, id));
        long checkId = writer.idOf("twice-" + id);
        ResultWriter.Submitted result = new ResultWriter.Submitted(UUID.randomUUID(), checkId, "local", Instant.now(),
                new ProbeResult(ProbeResult.Status.DOWN, "connect refused", "connect", Map.of(), Map.of()), false);
        writer.write(List.of(result, result));
        writer.write(List.of(result));

        // Two failures are needed to go down: the same result twice is one failure.
        assertThat(json(get("/api/v1/checks/twice-" + id)).path("status").asString()).isEqualTo("pending");
        assertThat(json(get("/api/v1/checks/twice-" + id + "/results"))).hasSize(1);
    }

    @Test
    void oneBadResultCannotStallTheOthers() throws Exception {
        post("/api/v1/checks", """
                {"slug": "poison-%s", "service": "svc-%s", "tcp": {"host": "127.0.0.1", "port": 9}, "interval": "1h", "failuresToDown": 5}"""
                .formatted(id, id));
        long checkId = writer.idOf("poison-" + id);
        Instant now = Instant.now();
        var nul = new ResultWriter.Submitted(UUID.randomUUID(), checkId, "local", now.minusSeconds(3),
                new ProbeResult(ProbeResult.Status.DOWN, "body has a \u0000 in it", "assertion", Map.of(), Map.of("http.status", "2\u000000")), false);
        var endless = new ResultWriter.Submitted(UUID.randomUUID(), checkId, "local", now.minusSeconds(2),
                new ProbeResult(ProbeResult.Status.DOWN, "took forever", "transfer", Map.of("transfer", java.time.Duration.ofDays(Long.MAX_VALUE / 86_400 / 2)), Map.of()), false);
        var fine = new ResultWriter.Submitted(UUID.randomUUID(), checkId, "local", now.minusSeconds(1),
                new ProbeResult(ProbeResult.Status.DOWN, "refused", "connect", Map.of(), Map.of()), false);
        var futures = List.of(writer.submit(List.of(nul)), writer.submit(List.of(endless)), writer.submit(List.of(fine)));

        futures.get(0).get(10, java.util.concurrent.TimeUnit.SECONDS);
        futures.get(2).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(futures.get(1)).failsWithin(java.time.Duration.ofSeconds(10));
        List<String> messages = json(get("/api/v1/checks/poison-" + id + "/results")).valueStream().map(result -> result.path("message").asString()).toList();
        assertThat(messages).containsExactly("refused", "body has a  in it");
        assertThat(writer.health().healthy()).isTrue();
    }

    @Test
    void aLocationThatStopsReportingBecomesUnknown() throws Exception {
        post("/api/v1/checks", """
                {"slug": "silent-%s", "service": "svc-%s", "tcp": {"host": "127.0.0.1", "port": 9}, "interval": "1m", "timeout": "5s",
                 "locations": ["far-away"]}""".formatted(id, id));
        long checkId = writer.idOf("silent-" + id);
        // The agent's last result came ten minutes ago, then nothing.
        writer.write(List.of(new ResultWriter.Submitted(UUID.randomUUID(), checkId, "far-away", Instant.now().minusSeconds(600),
                new ProbeResult(ProbeResult.Status.UP, "connected", null, Map.of(), Map.of()), false)));
        assertThat(json(get("/api/v1/checks/silent-" + id)).path("status").asString()).isEqualTo("up");

        StaleLocations.markStale(sql, writer, java.time.Clock.systemUTC());
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode check = json(get("/api/v1/checks/silent-" + id));
        while (!check.path("status").asString().equals("unknown") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            check = json(get("/api/v1/checks/silent-" + id));
        }
        assertThat(check.path("status").asString()).isEqualTo("unknown");
        assertThat(check.path("statusMessage").asString()).contains("no result from far-away since");
    }

    @Test
    void resumingStartsAfresh() {
        post("/api/v1/checks", """
                {"slug": "resume-%s", "service": "svc-%s", "tcp": {"host": "127.0.0.1", "port": 9}, "interval": "1h", "failuresToDown": 2, "successesToUp": 2}"""
                .formatted(id, id));
        long checkId = writer.idOf("resume-" + id);
        for (int n = 2; n > 0; n--) {
            writer.write(List.of(new ResultWriter.Submitted(UUID.randomUUID(), checkId, "local", Instant.now().minusSeconds(n),
                    new ProbeResult(ProbeResult.Status.DOWN, "refused", "connect", Map.of(), Map.of()), false)));
        }
        assertThat(json(get("/api/v1/checks/resume-" + id)).path("status").asString()).isEqualTo("down");
        post("/api/v1/checks/resume-" + id + "/pause", "");
        post("/api/v1/checks/resume-" + id + "/resume", "");
        writer.write(List.of(new ResultWriter.Submitted(UUID.randomUUID(), checkId, "local", Instant.now(),
                new ProbeResult(ProbeResult.Status.UP, "connected", null, Map.of(), Map.of()), false)));

        // After maintenance the first success counts as a fresh start, not as half a recovery.
        assertThat(json(get("/api/v1/checks/resume-" + id)).path("status").asString()).isEqualTo("up");
    }

    @Test
    void secretHeadersAreHiddenFromReadersAndKeptOnUpdate() {
        post("/api/v1/checks", """
                {"slug": "secret-%s", "service": "svc-%s", "paused": true,
                 "http": {"url": "%s", "headers": {"Authorization": "Bearer s3cret", "Accept": "application/json"}}}""".formatted(id, id, url()));
        JsonNode check = json(get("/api/v1/checks/secret-" + id));
        assertThat(check.path("http").path("headers").path("Authorization").asString()).isEqualTo("(hidden)");
        assertThat(check.path("http").path("headers").path("Accept").asString()).isEqualTo("application/json");
        assertThat(get("/api/v1/checks/secret-" + id + "/events").body()).doesNotContain("s3cret");

        String readOnly = json(post("/api/v1/tokens", "{\"name\":\"reader-%s\",\"scopes\":[\"read\"]}".formatted(id))).path("token").asString();
        java.util.function.Function<String, HttpResponse<String>> asReader = path -> send(java.net.http.HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + readOnly).GET().build());
        assertThat(asReader.apply("/api/v1/checks/secret-" + id).body()).doesNotContain("s3cret");
        assertThat(asReader.apply("/api/v1/export").statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/export").body()).contains("s3cret");

        ((tools.jackson.databind.node.ObjectNode) check).put("interval", "2m");
        assertThat(put("/api/v1/checks/secret-" + id, check.toString()).statusCode()).isEqualTo(200);
        // The value itself survived the round trip: the agent assignments carry it.
        assertThat(sql.resultQuery("select spec->'headers'->>'Authorization' from checks where slug = ?", "secret-" + id).fetchOne(0, String.class))
                .isEqualTo("Bearer s3cret");
    }

    @Test
    void anOlderResultCannotMoveTheStateBackwards() {
        post("/api/v1/checks", """
                {"slug": "order-%s", "service": "svc-%s", "tcp": {"host": "127.0.0.1", "port": 9}, "interval": "1h", "failuresToDown": 1}"""
                .formatted(id, id));
        long checkId = writer.idOf("order-" + id);
        Instant now = Instant.now();
        writer.write(List.of(new ResultWriter.Submitted(UUID.randomUUID(), checkId, "local", now,
                new ProbeResult(ProbeResult.Status.UP, "connected", null, Map.of(), Map.of()), false)));
        writer.write(List.of(new ResultWriter.Submitted(UUID.randomUUID(), checkId, "local", now.minusSeconds(10),
                new ProbeResult(ProbeResult.Status.DOWN, "refused", "connect", Map.of(), Map.of()), false)));

        JsonNode check = json(get("/api/v1/checks/order-" + id));
        assertThat(check.path("status").asString()).isEqualTo("up");
        assertThat(check.path("locationStates").get(0).path("lastResult").path("message").asString()).isEqualTo("connected");
        assertThat(json(get("/api/v1/checks/order-" + id + "/results"))).hasSize(2);
    }

    @Test
    void anInvalidCheckIsRefusedWithTheFieldNamed() {
        HttpResponse<String> badInterval = post("/api/v1/checks", """
                {"slug": "bad-%s", "service": "svc-%s", "http": {"url": "%s"}, "interval": "often"}""".formatted(id, id, url()));
        assertThat(badInterval.statusCode()).isEqualTo(422);
        assertThat(json(badInterval).path("field").asString()).isEqualTo("interval");

        HttpResponse<String> badUrl = post("/api/v1/checks", """
                {"slug": "bad-%s", "service": "svc-%s", "http": {"url": "ftp://example.com"}}""".formatted(id, id));
        assertThat(badUrl.statusCode()).isEqualTo(422);
        assertThat(json(badUrl).path("field").asString()).isEqualTo("http.url");

        HttpResponse<String> unknownField = post("/api/v1/checks", """
                {"slug": "bad-%s", "service": "svc-%s", "http": {"url": "%s", "verifyTSL": false}}""".formatted(id, id, url()));
        assertThat(json(unknownField).path("field").asString()).isEqualTo("http.verifyTSL");

        HttpResponse<String> rule = post("/api/v1/checks", """
                {"slug": "bad-%s", "service": "svc-%s", "http": {"url": "%s"}, "locations": ["local"], "downWhen": "2 of 3"}""".formatted(id, id, url()));
        assertThat(json(rule).path("field").asString()).isEqualTo("downWhen");

        HttpResponse<String> noService = post("/api/v1/checks", """
                {"slug": "bad-%s", "service": "nowhere-%s", "http": {"url": "%s"}}""".formatted(id, id, url()));
        assertThat(json(noService).path("field").asString()).isEqualTo("service");
        assertThat(get("/api/v1/checks/bad-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void pausedChecksStopAndAServiceWithChecksCannotBeDeleted() {
        HttpResponse<String> created = post("/api/v1/checks", """
                {"slug": "paused-%s", "service": "svc-%s", "http": {"url": "%s"}, "interval": "1s"}""".formatted(id, id, url()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("timeout").asString()).isEqualTo("1s");
        awaitCheck("paused-" + id, check -> check.path("status").asString().equals("up"));
        assertThat(json(post("/api/v1/checks/paused-" + id + "/pause", "")).path("status").asString()).isEqualTo("paused");

        HttpResponse<String> deleteService = delete("/api/v1/services/svc-" + id);
        assertThat(deleteService.statusCode()).isEqualTo(409);
        assertThat(deleteService.body()).contains("paused-" + id);

        assertThat(delete("/api/v1/checks/paused-" + id).statusCode()).isEqualTo(204);
        assertThat(delete("/api/v1/services/svc-" + id).statusCode()).isEqualTo(204);
    }

    private JsonNode awaitCheck(String slug, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode check = null;
        while (System.nanoTime() < deadline) {
            check = json(get("/api/v1/checks/" + slug));
            if (condition.test(check)) {
                return check;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("check " + slug + " did not reach the expected state; last seen: " + check);
    }
}
