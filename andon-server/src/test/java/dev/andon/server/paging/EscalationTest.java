package dev.andon.server.paging;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.andon.alerts.AlertStatus;
import dev.andon.server.support.TestPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Escalation on a fake clock, on real PostgreSQL, through real ingestion: db-scheduler is off in this
 * context, and {@link #runDue()} plays its part, running the escalation steps and notifications that
 * are due at the fake time, so minutes pass in milliseconds. Notifications go to webhook contact
 * methods served by a local HTTP server that records what arrived.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"db-scheduler.enabled=false",
        "andon.notify.slack.signing-secret=" + EscalationTest.SLACK_SECRET})
class EscalationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String PASSWORD = "escalation-test-admin";
    static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final MovableClock CLOCK = new MovableClock();
    private static HttpServer receiver;
    private static final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private static final AtomicInteger failuresToServe = new AtomicInteger();

    @TestConfiguration
    static class FakeClock {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    /**
     * Real time plus however far the test moved it: the database stamps a new escalation's first step
     * with its own now(), which must never be ahead of this clock.
     */
    static final class MovableClock extends Clock {
        private volatile Duration ahead = Duration.ZERO;

        void advance(Duration duration) {
            ahead = ahead.plus(duration);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String url = TestPostgres.newDatabase();
        registry.add("andon.database.url", () -> url);
        registry.add("andon.database.user", () -> "postgres");
        registry.add("andon.database.password", () -> "");
        registry.add("andon.admin-password", () -> PASSWORD);
    }

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean gone = exchange.getRequestURI().getPath().startsWith("/gone");
            boolean fail = !gone && failuresToServe.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
            if (!fail && !gone) {
                received.add(exchange.getRequestURI().getPath() + " " + body);
            }
            // A webhook that was deleted answers 410: a permanent failure, never retried.
            exchange.sendResponseHeaders(gone ? 410 : fail ? 503 : 200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @Autowired
    DSLContext sql;

    @Autowired
    dev.andon.server.alerts.AlertInbox inbox;

    @Autowired
    Paging paging;

    @Autowired
    Outbox outbox;

    @Autowired
    PagingMetrics metrics;

    @LocalServerPort
    int port;

    private String id;
    private String token;

    @BeforeEach
    void setUp() {
        id = UUID.randomUUID().toString().substring(0, 6);
        received.clear();
        failuresToServe.set(0);
        if (token == null) {
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tokens"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"t\",\"scopes\":[\"read\",\"write\"]}")).build());
            token = JSON.readTree(created.body()).path("token").asString();
        }
        // Work left by another test (its escalations ran to the end or were stopped) must not leak in.
        runDue();
        received.clear();
    }

    private String hook(String who) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/" + who + "-" + id;
    }

    private void user(String name, String rules) {
        api("POST", "/api/v1/users", """
                {"username": "%s-%s", "contactMethods": [{"name": "hook", "type": "webhook", "address": "%s"},
                                                          {"name": "backup", "type": "webhook", "address": "%s"}],
                 "notificationRules": %s}""".formatted(name, id, hook(name), hook(name + "-backup"), rules), 201);
    }

    /** alice is on call on the primary schedule; bob is the second tier; repeat once. */
    private String pagedService(String policyExtra) {
        user("alice", "[{\"contactMethod\": \"hook\", \"after\": \"0m\"}, {\"contactMethod\": \"backup\", \"after\": \"5m\"}]");
        user("bob", "[{\"contactMethod\": \"hook\"}]");
        api("POST", "/api/v1/schedules", """
                {"slug": "primary-%1$s", "timezone": "Europe/Berlin",
                 "layers": [{"name": "weekly", "start": "2026-01-05T09:00", "shift": "1w", "users": ["alice-%1$s"]}]}""".formatted(id), 201);
        api("POST", "/api/v1/escalation-policies", """
                {"slug": "policy-%1$s", "tiers": [
                   {"targets": [{"schedule": "primary-%1$s"}], "escalateAfter": "5m"},
                   {"targets": [{"user": "bob-%1$s"}], "escalateAfter": "10m"}]%2$s}""".formatted(id, policyExtra), 201);
        api("POST", "/api/v1/services", "{\"slug\": \"api-%1$s\", \"name\": \"API\", \"escalationPolicy\": \"policy-%1$s\"}".formatted(id), 201);
        return integrationKey("api-" + id);
    }

    private String integrationKey(String service) {
        JsonNode created = api("POST", "/api/v1/integrations", "{\"slug\": \"pd-%s-%s\", \"service\": \"%s\", \"type\": \"events-v2\"}"
                .formatted(service, id, service), 201);
        return created.path("key").asString();
    }

    private long trigger(String key, String dedup) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v2/enqueue"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"routing_key": "%s", "event_action": "trigger", "dedup_key": "%s",
                         "payload": {"summary": "Checkout failing", "source": "api-1", "severity": "critical"}}""".formatted(key, dedup))).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        try {
            assertThat(inbox.awaitApplied(Duration.ofSeconds(30))).as("applied").isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return sql.resultQuery("select group_id from alerts where dedup_key = ?", dedup).fetchOne(0, Long.class);
    }

    /** Runs what db-scheduler would run at the fake time, until nothing more is due. */
    private void runDue() {
        for (int round = 0; round < 100; round++) {
            var due = sql.resultQuery("""
                    select task_name, task_instance from scheduled_tasks
                    where task_name in ('escalation-step', 'notification') and execution_time <= ?::timestamptz
                    order by execution_time, task_name""", CLOCK.instant().atOffset(ZoneOffset.UTC)).fetch();
            if (due.isEmpty()) {
                return;
            }
            for (var task : due) {
                String name = task.get(0, String.class);
                String instance = task.get(1, String.class);
                sql.execute("delete from scheduled_tasks where task_name = ? and task_instance = ?", name, instance);
                if (name.equals("escalation-step")) {
                    paging.runStep(instance);
                } else {
                    try {
                        outbox.deliver(Long.parseLong(instance));
                    } catch (Outbox.RetryLater retry) {
                        sql.execute("insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version) values (?, ?, ?::timestamptz, false, 1)",
                                name, instance, CLOCK.instant().plusSeconds(10).atOffset(ZoneOffset.UTC));
                    }
                }
            }
        }
        throw new AssertionError("tasks keep becoming due");
    }

    private List<String> arrivedAt(String who) {
        String path = "/" + who + "-" + id + " ";
        return received.stream().filter(entry -> entry.startsWith(path)).toList();
    }

    private List<String> log(long group) {
        return sql.resultQuery("select kind from paging_log where group_id = ? order by id", group).fetch(0, String.class);
    }

    @Test
    void unacknowledgedPageEscalatesTierByTierAndRepeats() {
        long group = trigger(pagedService(", \"repeat\": 1"), "esc-" + id);
        runDue();
        assertThat(arrivedAt("alice")).hasSize(1);
        assertThat(arrivedAt("alice").getFirst()).contains("Checkout failing").contains("\"acknowledge\":\"http");
        assertThat(arrivedAt("bob")).isEmpty();

        CLOCK.advance(Duration.ofMinutes(4));
        runDue();
        assertThat(arrivedAt("bob")).isEmpty();
        assertThat(arrivedAt("alice-backup")).isEmpty();

        CLOCK.advance(Duration.ofMinutes(1));
        runDue();
        assertThat(arrivedAt("bob")).hasSize(1);
        // alice's own rule: the backup contact method 5 minutes after her page.
        assertThat(arrivedAt("alice-backup")).hasSize(1);

        CLOCK.advance(Duration.ofMinutes(10));
        runDue();
        assertThat(arrivedAt("alice")).as("the second round pages tier 1 again").hasSize(2);
        CLOCK.advance(Duration.ofMinutes(5));
        runDue();
        assertThat(arrivedAt("bob")).hasSize(2);

        CLOCK.advance(Duration.ofHours(2));
        runDue();
        assertThat(arrivedAt("alice")).as("repeat 1: two rounds and no more").hasSize(2);
        assertThat(arrivedAt("bob")).hasSize(2);
        assertThat(sql.resultQuery("select state from escalations where group_id = ?", group).fetchOne(0, String.class)).isEqualTo("exhausted");
        assertThat(log(group)).containsSubsequence("escalated", "notified", "escalated", "notified", "escalated");
    }

    @Test
    void acknowledgingStopsTheEscalationAndCancelsLaterNotifications() {
        long group = trigger(pagedService(""), "ack-" + id);
        runDue();
        assertThat(arrivedAt("alice")).hasSize(1);

        CLOCK.advance(Duration.ofMinutes(2));
        assertThat(paging.act(group, AlertStatus.ACKNOWLEDGED, "alice-" + id)).isEqualTo(1);

        CLOCK.advance(Duration.ofHours(1));
        runDue();
        assertThat(arrivedAt("bob")).as("the next tier is never paged").isEmpty();
        assertThat(arrivedAt("alice-backup")).as("the 5-minute rule is cancelled").isEmpty();
        assertThat(sql.resultQuery("select state from escalations where group_id = ?", group).fetchOne(0, String.class)).isEqualTo("acknowledged");
        assertThat(sql.resultQuery("select count(*) from notifications where group_id = ? and status = 'cancelled'", group).fetchOne(0, Integer.class))
                .isEqualTo(1);
        assertThat(log(group)).contains("escalation-stopped");
    }

    @Test
    void aOneClickLinkAcknowledgesOnceAndStopsTheEscalation() {
        long group = trigger(pagedService(""), "link-" + id);
        runDue();
        String page = arrivedAt("alice").getFirst();
        String link = JSON.readTree(page.substring(page.indexOf(' ') + 1)).path("links").path("acknowledge").asString();
        String token = link.substring(link.lastIndexOf('/') + 1);

        assertThat(paging.useLink(token, "alice-" + id).refusal()).isNull();
        assertThat(paging.useLink(token, "alice-" + id).refusal()).isEqualTo(ActionLinks.Refusal.USED);
        assertThat(sql.resultQuery("select status from alert_groups where id = ?", group).fetchOne(0, String.class)).isEqualTo("acknowledged");
        CLOCK.advance(Duration.ofMinutes(30));
        runDue();
        assertThat(arrivedAt("bob")).isEmpty();
    }

    @Test
    void aSignedSlackButtonPressAcknowledgesAndAnUnsignedOneIsRefused() throws Exception {
        long group = trigger(pagedService(""), "slack-" + id);
        runDue();
        String page = arrivedAt("alice").getFirst();
        String link = JSON.readTree(page.substring(page.indexOf(' ') + 1)).path("links").path("acknowledge").asString();
        String payload = JSON.createObjectNode().put("type", "block_actions")
                .set("user", JSON.createObjectNode().put("id", "U123").put("username", "alice.slack"))
                .toString();
        var node = (tools.jackson.databind.node.ObjectNode) JSON.readTree(payload);
        node.putArray("actions").addObject().put("action_id", "andon_acknowledge").put("value", link.substring(link.lastIndexOf('/') + 1));
        String body = "payload=" + java.net.URLEncoder.encode(node.toString(), StandardCharsets.UTF_8);
        long timestamp = CLOCK.instant().getEpochSecond();

        HttpResponse<String> unsigned = slack(body, timestamp, "v0=" + "0".repeat(64));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(sql.resultQuery("select status from alert_groups where id = ?", group).fetchOne(0, String.class)).isEqualTo("triggered");

        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SLACK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "v0=" + java.util.HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
        assertThat(slack(body, timestamp, signature).statusCode()).isEqualTo(200);
        assertThat(sql.resultQuery("select status from alert_groups where id = ?", group).fetchOne(0, String.class)).isEqualTo("acknowledged");
        assertThat(sql.resultQuery("select acknowledged_by from alerts where group_id = ?", group).fetchOne(0, String.class))
                .isEqualTo("slack:alice.slack");
        CLOCK.advance(Duration.ofMinutes(30));
        runDue();
        assertThat(arrivedAt("bob")).isEmpty();
    }

    @Test
    void timeToAcknowledgeAndResolveAndPagesPerPersonAreMetrics() {
        long group = trigger(pagedService(""), "mtta-" + id);
        runDue();
        CLOCK.advance(Duration.ofMinutes(3));
        paging.act(group, AlertStatus.ACKNOWLEDGED, "alice-" + id);
        CLOCK.advance(Duration.ofMinutes(7));
        paging.act(group, AlertStatus.RESOLVED, "alice-" + id);
        metrics.refresh();
        HttpResponse<String> scraped = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                .header("Authorization", "Bearer " + token).GET().build());
        String body = scraped.body();
        assertThat(value(body, "andon_service_mtta_seconds", "service=\"api-" + id + "\"")).isBetween(180.0, 186.0);
        assertThat(value(body, "andon_service_mttr_seconds", "service=\"api-" + id + "\"")).isBetween(600.0, 606.0);
        assertThat(value(body, "andon_person_pages", "user=\"alice-" + id + "\"")).isEqualTo(1.0);
    }

    private static double value(String metrics, String name, String label) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains(label)).findFirst()
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(name + " with " + label + " not in /metrics"));
    }

    private HttpResponse<String> slack(String body, long timestamp, String signature) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/integrations/slack/actions"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Slack-Request-Timestamp", Long.toString(timestamp))
                .header("X-Slack-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aLinkPastItsValidityIsRefused() {
        trigger(pagedService(""), "old-" + id);
        runDue();
        String page = arrivedAt("alice").getFirst();
        String link = JSON.readTree(page.substring(page.indexOf(' ') + 1)).path("links").path("resolve").asString();
        CLOCK.advance(Duration.ofHours(25));
        assertThat(paging.useLink(link.substring(link.lastIndexOf('/') + 1), "alice").refusal()).isEqualTo(ActionLinks.Refusal.EXPIRED);
        assertThat(paging.useLink("forged." + "x".repeat(43), "mallory").refusal()).isEqualTo(ActionLinks.Refusal.INVALID);
    }

    @Test
    void aServiceWithNoPolicyPagesTheAdmins() {
        user("carol", "[]");
        api("PUT", "/api/v1/users/admin", """
                {"displayName": "Administrator", "role": "admin", "contactMethods": [{"name": "hook", "type": "webhook", "address": "%s"}]}"""
                .formatted(hook("admin")), 200);
        api("POST", "/api/v1/services", "{\"slug\": \"orphan-%s\", \"name\": \"Orphan\"}".formatted(id), 201);
        long group = trigger(integrationKey("orphan-" + id), "orphan-" + id);
        runDue();
        assertThat(arrivedAt("admin")).hasSize(1);
        assertThat(log(group)).contains("routed-to-admins");
        api("PUT", "/api/v1/users/admin", "{\"displayName\": \"Administrator\", \"role\": \"admin\", \"contactMethods\": []}", 200);
    }

    @Test
    void aTierWithNobodyOnCallGoesOnToTheNextAtOnce() {
        user("alice", "[]");
        user("bob", "[]");
        api("POST", "/api/v1/schedules", """
                {"slug": "later-%1$s", "layers": [{"name": "l", "start": "2099-01-05T09:00", "shift": "1w", "users": ["alice-%1$s"]}]}"""
                .formatted(id), 201);
        api("POST", "/api/v1/escalation-policies", """
                {"slug": "gap-%1$s", "tiers": [{"targets": [{"schedule": "later-%1$s"}]}, {"targets": [{"user": "bob-%1$s"}]}]}""".formatted(id), 201);
        api("POST", "/api/v1/services", "{\"slug\": \"gap-%1$s\", \"name\": \"Gap\", \"escalationPolicy\": \"gap-%1$s\"}".formatted(id), 201);
        long group = trigger(integrationKey("gap-" + id), "gap-" + id);
        runDue();
        assertThat(arrivedAt("alice")).isEmpty();
        assertThat(arrivedAt("bob")).hasSize(1);
        String first = sql.resultQuery("select detail::text from paging_log where group_id = ? and kind = 'escalated' order by id limit 1", group)
                .fetchOne(0, String.class);
        assertThat(first).contains("\"nobody\": true");
    }

    @Test
    void aStepThatRunsTwicePagesOnce() {
        long group = trigger(pagedService(""), "twice-" + id);
        long escalation = sql.resultQuery("select id from escalations where group_id = ?", group).fetchOne(0, Long.class);
        paging.runStep(escalation, 0);
        paging.runStep(escalation, 0);
        runDue();
        assertThat(arrivedAt("alice")).hasSize(1);
        assertThat(sql.resultQuery("select count(*) from escalation_steps where escalation_id = ?", escalation).fetchOne(0, Integer.class))
                .isEqualTo(1);
    }

    @Test
    void reassigningStopsTheEscalationAndPagesTheNewAssignee() {
        long group = trigger(pagedService(""), "re-" + id);
        runDue();
        user("dave", "[]");
        paging.reassign(group, "dave-" + id, "alice-" + id);
        runDue();
        assertThat(arrivedAt("dave")).hasSize(1);
        CLOCK.advance(Duration.ofMinutes(30));
        runDue();
        assertThat(arrivedAt("bob")).as("the old escalation no longer runs").isEmpty();
        assertThat(log(group)).contains("reassigned");
    }

    @Test
    void whenEveryPageOfATierFailsForGoodTheNextTierIsPagedAtOnce() {
        api("POST", "/api/v1/users", """
                {"username": "carol-%s", "contactMethods": [{"name": "hook", "type": "webhook", "address": "%s"}]}"""
                .formatted(id, hook("gone").replace("/gone-", "/gone/")), 201);
        user("bob", "[]");
        api("POST", "/api/v1/escalation-policies", """
                {"slug": "dead-%1$s", "tiers": [{"targets": [{"user": "carol-%1$s"}]}, {"targets": [{"user": "bob-%1$s"}]}]}""".formatted(id), 201);
        api("POST", "/api/v1/services", "{\"slug\": \"dead-%1$s\", \"name\": \"Dead\", \"escalationPolicy\": \"dead-%1$s\"}".formatted(id), 201);
        long group = trigger(integrationKey("dead-" + id), "dead-" + id);
        runDue();
        assertThat(arrivedAt("bob")).as("bob is paged without waiting the tier's 30 minutes").hasSize(1);
        assertThat(log(group)).containsSubsequence("escalated", "notify-failed", "escalated", "notified");
    }

    @Test
    void aPageHandedOverAfterAcknowledgingStillReachesItsNewOwner() {
        long group = trigger(pagedService(""), "handover-" + id);
        runDue();
        paging.act(group, AlertStatus.ACKNOWLEDGED, "alice-" + id);
        user("dave", "[]");
        paging.reassign(group, "dave-" + id, "alice-" + id);
        runDue();
        assertThat(arrivedAt("dave")).hasSize(1);
    }

    @Test
    void aFailedDeliveryIsRetriedAndEveryAttemptIsOnTheTimeline() {
        long group = trigger(pagedService(""), "retry-" + id);
        failuresToServe.set(1);
        runDue();
        assertThat(arrivedAt("alice")).isEmpty();
        CLOCK.advance(Duration.ofSeconds(10));
        runDue();
        assertThat(arrivedAt("alice")).hasSize(1);
        assertThat(log(group)).containsSubsequence("escalated", "notify-retry", "notified");
        assertThat(sql.resultQuery("select attempts from notifications where group_id = ? and contact_method = 'hook'", group)
                .fetchOne(0, Integer.class)).isEqualTo(2);
    }

    private JsonNode api(String method, String path, String body, int expected) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
