package dev.andon.server.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SLOs through the API on the real server and PostgreSQL: pushed counts are idempotent per minute,
 * the budget follows them, a fast burn enters the alert pipeline and leaves it, exclusions give
 * budget back, and the deploy gate denies an exhausted service until someone overrides it.
 */
class SloApiTest extends AndonServerTest {
    @Autowired
    DSLContext sql;
    @Autowired
    SloEngine engine;

    String id;
    String service;
    String slug;

    @BeforeEach
    void service() {
        id = UUID.randomUUID().toString().substring(0, 8);
        service = "slo-api-" + id;
        slug = "checkout-availability-" + id;
        assertThat(post("/api/v1/services", "{\"slug\":\"%s\",\"name\":\"Checkout %s\",\"tier\":1}".formatted(service, id)).statusCode()).isEqualTo(201);
        HttpResponse<String> created = post("/api/v1/slos", """
                {"slug": "%s", "name": "Checkout availability", "service": "%s", "indicator": {"source": "push"},
                 "target": 0.99, "window": {"rolling": "7d"}, "minEvents": 10}""".formatted(slug, service));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private String counts(Instant from, int minutes, long good, long total) {
        ArrayNode list = JSON.createArrayNode();
        for (int i = 0; i < minutes; i++) {
            list.addObject().put("minute", from.plus(i, ChronoUnit.MINUTES).toString()).put("good", good).put("total", total);
        }
        return JSON.createObjectNode().set("counts", list).toString();
    }

    private Instant minutesAgo(int minutes) {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(minutes, ChronoUnit.MINUTES);
    }

    @Test
    void pushedCountsAreIdempotentPerMinuteAndTheBudgetFollowsThem() {
        Instant from = minutesAgo(30);
        String body = counts(from, 20, 995, 1000);
        assertThat(post("/api/v1/slos/" + slug + "/counts", body).statusCode()).isEqualTo(200);
        // A retry of the same request: the same counts, never double.
        assertThat(json(post("/api/v1/slos/" + slug + "/counts", body)).path("minutes").asInt()).isEqualTo(20);
        JsonNode status = json(get("/api/v1/slos/" + slug)).path("status");
        assertThat(status.path("total").asLong()).isEqualTo(20_000);
        assertThat(status.path("good").asLong()).isEqualTo(19_900);
        // 100 bad of 20,000: the budget is 1% of 20,000 = 200, half of it spent.
        assertThat(status.path("budgetConsumed").asDouble()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(status.path("budgetRemaining").asDouble()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(status.path("state").asString()).isEqualTo("healthy");
        long sloId = sql.resultQuery("select id from slos where slug = ?", slug).fetchOne(0, Long.class);
        assertThat(sql.resultQuery("select sum(total) from slo_hours where slo_id = ?", sloId).fetchOne(0, Long.class)).as("roll-ups move by the difference")
                .isEqualTo(20_000);
        assertThat(sql.resultQuery("select sum(data_minutes) from slo_days where slo_id = ?", sloId).fetchOne(0, Long.class)).isEqualTo(20);
        // Replacing a minute moves the roll-ups by the difference.
        post("/api/v1/slos/" + slug + "/counts", counts(from, 1, 0, 0));
        assertThat(sql.resultQuery("select sum(total) from slo_hours where slo_id = ?", sloId).fetchOne(0, Long.class)).isEqualTo(19_000);
        assertThat(sql.resultQuery("select sum(data_minutes) from slo_hours where slo_id = ?", sloId).fetchOne(0, Long.class)).isEqualTo(19);
    }

    @Test
    void badCountsAndDefinitionsAreRefusedNamingTheField() {
        HttpResponse<String> future = post("/api/v1/slos/" + slug + "/counts", counts(Instant.now().plus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES), 1, 1, 1));
        assertThat(future.statusCode()).isEqualTo(422);
        assertThat(json(future).path("field").asString()).isEqualTo("counts[0].minute");
        HttpResponse<String> inverted = post("/api/v1/slos/" + slug + "/counts", counts(minutesAgo(3), 1, 5, 4));
        assertThat(json(inverted).path("field").asString()).isEqualTo("counts[0]");
        HttpResponse<String> seconds = post("/api/v1/slos/" + slug + "/counts", "{\"counts\":[{\"minute\":\"2026-11-21T10:15:30Z\",\"good\":1,\"total\":1}]}");
        assertThat(json(seconds).path("field").asString()).isEqualTo("counts[0].minute");
        HttpResponse<String> percent = post("/api/v1/slos", """
                {"slug": "bad-%s", "service": "%s", "indicator": {"source": "push"}, "target": 99.9, "window": {"rolling": "28d"}}""".formatted(id, service));
        assertThat(percent.statusCode()).isEqualTo(422);
        assertThat(json(percent).path("field").asString()).isEqualTo("target");
        HttpResponse<String> zone = post("/api/v1/slos", """
                {"slug": "bad-%s", "service": "%s", "indicator": {"source": "push"}, "target": 0.99,
                 "window": {"calendar": "month", "timeZone": "Mars/Olympus"}}""".formatted(id, service));
        assertThat(json(zone).path("field").asString()).isEqualTo("window.timeZone");
        HttpResponse<String> check = post("/api/v1/slos", """
                {"slug": "bad-%s", "service": "%s", "indicator": {"source": "check", "check": "nope-%s"}, "target": 0.99,
                 "window": {"rolling": "28d"}}""".formatted(id, service, id));
        assertThat(json(check).path("field").asString()).isEqualTo("indicator.check");
        assertThat(get("/api/v1/slos/bad-" + id).statusCode()).as("nothing was created").isEqualTo(404);
    }

    @Test
    void aFastBurnPagesThroughThePipelineAndResolvesWhenTheShortWindowRecovers() {
        // The last hour at 50% errors: burn rate 0.5 / 0.01 = 50, over the page threshold 2% × 7d / 1h = 3.36.
        post("/api/v1/slos/" + slug + "/counts", counts(minutesAgo(60), 60, 500, 1000));
        engine.evaluate(Instant.now());
        JsonNode alert = pageAlert();
        assertThat(alert.path("status").asString()).isEqualTo("triggered");
        assertThat(alert.path("summary").asString()).contains("Checkout availability", service, "50.0x over 1h", "threshold 3.4x");
        // The last 30 minutes are clean again: the short windows of both page alerts (5m for 1h, 30m for 6h)
        // recover and the page resolves; the 3-day ticket, whose short window is 6h, still burns.
        post("/api/v1/slos/" + slug + "/counts", counts(minutesAgo(30), 30, 1000, 1000));
        engine.evaluate(Instant.now());
        assertThat(pageAlert().path("status").asString()).isEqualTo("resolved");
    }

    private JsonNode pageAlert() {
        for (JsonNode alert : alerts()) {
            if (alert.path("dedupKey").asString().equals(SloEngine.dedupKey(slug, "page"))) {
                return alert;
            }
        }
        throw new AssertionError("no page alert in " + alerts());
    }

    private JsonNode alerts() {
        JsonNode list = json(get("/api/v1/alerts?state=all&service=" + service));
        assertThat(list.isArray() ? list : list.path("alerts")).as(list.toString()).isNotEmpty();
        return list.isArray() ? list : list.path("alerts");
    }

    @Test
    void anExhaustedBudgetDeniesTheGateUntilOverriddenAndAnExclusionGivesTheBudgetBack() throws Exception {
        Instant from = minutesAgo(40);
        post("/api/v1/slos/" + slug + "/counts", counts(from, 10, 900, 1000));
        HttpResponse<String> denied = get("/api/v1/gate?service=" + service);
        assertThat(denied.statusCode()).isEqualTo(409);
        assertThat(json(denied).path("decision").asString()).isEqualTo("deny");
        assertThat(json(denied).path("reasons").get(0).asString()).contains(slug, "exhausted", "frozen");

        // The CI example from examples/ci: exits non-zero on a denial.
        Path script = Path.of("..", "examples", "ci", "deploy-gate.sh").toAbsolutePath().normalize();
        assertThat(script).exists();
        ProcessBuilder ci = new ProcessBuilder("sh", script.toString());
        ci.environment().put("ANDON_TOKEN", adminToken());
        ci.environment().put("ANDON_URL", "http://localhost:" + port);
        ci.environment().put("SERVICE", service);
        ci.redirectErrorStream(true);
        Process denial = ci.start();
        String output = new String(denial.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(denial.waitFor()).as(output).isNotZero();
        assertThat(output).contains("may not deploy now (HTTP 409)", "exhausted");

        HttpResponse<String> noReason = post("/api/v1/gate/overrides", "{\"service\":\"%s\",\"kind\":\"override\"}".formatted(service));
        assertThat(json(noReason).path("field").asString()).isEqualTo("reason");
        assertThat(post("/api/v1/gate/overrides", "{\"service\":\"%s\",\"kind\":\"override\",\"reason\":\"Deploying the fix\",\"duration\":\"30m\"}"
                .formatted(service)).statusCode()).isEqualTo(201);
        assertThat(get("/api/v1/gate?service=" + service).statusCode()).isEqualTo(200);
        Process allowed = ci.start();
        assertThat(allowed.waitFor()).isZero();
        assertThat(sql.resultQuery("select count(*) from events where kind = 'gate.override' and object_key = ? and after::text like '%Deploying the fix%'",
                service).fetchOne(0, Integer.class)).isEqualTo(1);

        // The bad span was the provider's fault: excluded, the budget is whole again.
        HttpResponse<String> excluded = post("/api/v1/slos/" + slug + "/exclusions", JSON.createObjectNode().put("from", from.toString())
                .put("to", from.plus(10, ChronoUnit.MINUTES).toString()).put("reason", "Payment provider outage").toString());
        assertThat(excluded.statusCode()).as(excluded.body()).isEqualTo(201);
        JsonNode status = json(get("/api/v1/slos/" + slug)).path("status");
        assertThat(status.path("budgetRemaining").asDouble()).isEqualTo(1.0);
        assertThat(status.path("total").asLong()).isZero();
    }

    @Test
    void aCheckSloCountsTheChecksMinuteRollups() {
        String check = "slo-check-" + id;
        HttpResponse<String> created = post("/api/v1/checks", """
                {"slug": "%s", "name": "Health %s", "service": "%s", "type": "http", "http": {"url": "http://127.0.0.1:9/health"}, "interval": "1h", "paused": true}"""
                .formatted(check, id, service));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long checkId = sql.resultQuery("select id from checks where slug = ?", check).fetchOne(0, Long.class);
        Instant minute = minutesAgo(10);
        sql.execute("insert into check_rollups (check_id, location, resolution, bucket, up, degraded, down, unknown) values (?, '', 'm', ?::timestamptz, 5, 1, 2, 3)",
                checkId, minute.atOffset(ZoneOffset.UTC));
        String sloSlug = "health-" + id;
        assertThat(post("/api/v1/slos", """
                {"slug": "%s", "service": "%s", "indicator": {"source": "check", "check": "%s"}, "target": 0.9, "window": {"rolling": "7d"}}"""
                .formatted(sloSlug, service, check)).statusCode()).isEqualTo(201);
        engine.collect(Instant.now());
        JsonNode status = json(get("/api/v1/slos/" + sloSlug)).path("status");
        // Up and degraded are good, down is bad, unknown is neither.
        assertThat(status.path("good").asLong()).isEqualTo(6);
        assertThat(status.path("total").asLong()).isEqualTo(8);
    }

    @Test
    void aServicesBudgetPolicyCanRequireApprovalInsteadOfFreezing() {
        HttpResponse<String> bad = put("/api/v1/services/" + service + "/budget-policy", "{\"actions\":{\"exhausted\":[\"panic\"]}}");
        assertThat(json(bad).path("field").asString()).isEqualTo("actions.exhausted[0]");
        JsonNode policy = json(put("/api/v1/services/" + service + "/budget-policy",
                "{\"atRiskBelow\":0.5,\"exhaustedAt\":0,\"actions\":{\"at-risk\":[\"require-approval\"],\"exhausted\":[\"require-approval\"]}}"));
        assertThat(policy.path("actions").path("exhausted").toString()).isEqualTo("[\"require-approval\"]");
        post("/api/v1/slos/" + slug + "/counts", counts(minutesAgo(20), 10, 994, 1000));
        HttpResponse<String> denied = get("/api/v1/gate?service=" + service);
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(409);
        assertThat(denied.body()).contains("at-risk", "needs an approval");
        post("/api/v1/gate/overrides", "{\"service\":\"%s\",\"kind\":\"approval\",\"reason\":\"Reviewed by the SRE lead\"}".formatted(service));
        assertThat(get("/api/v1/gate?service=" + service).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> yaml(String path, String yaml) {
        return send(authorized(path).header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)).build());
    }

    @Test
    void openSloImportsAllOrNothingAndAnExportImportsBackUnchanged() {
        String imported = "calendar-" + id;
        String yaml = """
                apiVersion: openslo/v1
                kind: SLO
                metadata:
                  name: %s
                  displayName: Checkout latency
                spec:
                  service: %s
                  budgetingMethod: Timeslices
                  indicator:
                    metadata:
                      name: pushed-%s
                    spec:
                      ratioMetric:
                        counter: true
                        good:
                          metricSource:
                            type: Andon
                            spec:
                              push: true
                        total:
                          metricSource:
                            type: Andon
                            spec:
                              push: true
                  timeWindow:
                    - duration: 1M
                      isRolling: false
                      calendar:
                        startTime: "2026-01-01 00:00:00"
                        timeZone: Europe/Berlin
                  objectives:
                    - target: 0.995
                      timeSliceTarget: 0.9
                      timeSliceWindow: 5m
                """.formatted(imported, service, id);
        HttpResponse<String> dry = yaml("/api/v1/slos/import?dryRun=true", yaml);
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(json(dry).path("slos").path(imported).asString()).isEqualTo("created");
        assertThat(get("/api/v1/slos/" + imported).statusCode()).as("a dry run changes nothing").isEqualTo(404);
        assertThat(json(yaml("/api/v1/slos/import", yaml)).path("applied").asBoolean()).isTrue();
        JsonNode slo = json(get("/api/v1/slos/" + imported));
        assertThat(slo.path("window").path("calendar").asString()).isEqualTo("1M");
        assertThat(slo.path("window").path("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(slo.path("budgetingMethod").asString()).isEqualTo("Timeslices");

        // Unquoted startTime, and an SLO for a service Andon does not know: refused as a whole, with where.
        HttpResponse<String> refused = yaml("/api/v1/slos/import", yaml.replace("\"2026-01-01 00:00:00\"", "2026-01-01 00:00:00")
                .replace("name: " + imported, "name: other-" + id));
        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode problem = json(refused).path("problems").get(0);
        assertThat(problem.path("field").asString()).contains("startTime");
        assertThat(problem.path("line").asInt()).as("the startTime line").isEqualTo(29);
        assertThat(get("/api/v1/slos/other-" + id).statusCode()).isEqualTo(404);
        HttpResponse<String> unknownService = yaml("/api/v1/slos/import", yaml.replace("service: " + service, "service: nowhere-" + id));
        assertThat(unknownService.statusCode()).isEqualTo(422);
        assertThat(unknownService.body()).contains("There is no service 'nowhere-" + id + "'");

        // Export this service's SLOs and import them back: nothing changes.
        HttpResponse<String> export = get("/api/v1/slos/export?service=" + service);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body()).contains("apiVersion: openslo/v1", "kind: SLO", imported, "startTime: \"2026-01-01 00:00:00\"");
        JsonNode again = json(yaml("/api/v1/slos/import", export.body()));
        assertThat(again.path("slos").path(imported).asString()).isEqualTo("unchanged");
        assertThat(again.path("slos").path(slug).asString()).isEqualTo("unchanged");
    }

    @Test
    void aPrometheusSloIsCollectedThroughTheEvaluatorFromTheDataSource() throws Exception {
        // A local stand-in for Prometheus' HTTP API (the real one is PrometheusReaderTest's): it checks the
        // query Andon sends and answers every minute with 95 good of 100.
        List<String> queries = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        com.sun.net.httpserver.HttpServer prometheus = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        prometheus.createContext("/api/v1/query_range", exchange -> {
            Map<String, String> params = new java.util.HashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8), java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            queries.add(params.get("query") + " step=" + params.get("step"));
            String value = params.get("query").contains("checkout_good_total") ? "95" : "100";
            StringBuilder points = new StringBuilder();
            for (long t = Long.parseLong(params.get("start")); t <= Long.parseLong(params.get("end")); t += 60) {
                points.append(points.isEmpty() ? "" : ",").append("[").append(t).append(",\"").append(value).append("\"]");
            }
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[" + points + "]}]}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        prometheus.start();
        try {
            String source = "prom-" + id;
            assertThat(post("/api/v1/slo-data-sources", "{\"slug\":\"%s\",\"url\":\"http://127.0.0.1:%d\"}".formatted(source,
                    prometheus.getAddress().getPort())).statusCode()).isEqualTo(201);
            String promSlo = "prom-slo-" + id;
            HttpResponse<String> created = post("/api/v1/slos", """
                    {"slug": "%s", "service": "%s", "target": 0.9, "window": {"rolling": "7d"},
                     "indicator": {"source": "prometheus", "dataSource": "%s", "good": "checkout_good_total", "total": "checkout_all_total"}}"""
                    .formatted(promSlo, service, source));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            engine.collect(Instant.now());
            assertThat(queries).anyMatch(query -> query.contains("increase((checkout_good_total)[60001ms:15s])") && query.endsWith("step=60s"))
                    .anyMatch(query -> query.contains("increase((checkout_all_total)[60001ms:15s])"));
            JsonNode status = json(get("/api/v1/slos/" + promSlo)).path("status");
            assertThat(status.path("total").asLong()).as("a day read back on the first run").isGreaterThan(100 * 60 * 20);
            assertThat(status.path("sli").asDouble()).isEqualTo(0.95);
        } finally {
            prometheus.stop(0);
        }
    }
}
