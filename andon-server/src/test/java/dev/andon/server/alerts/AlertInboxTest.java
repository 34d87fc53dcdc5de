package dev.andon.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andon.alerts.AlertAction;
import dev.andon.alerts.AlertEvent;
import dev.andon.alerts.Severity;
import dev.andon.server.database.GroupCommitWriter;
import dev.andon.server.support.AndonServerTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The inbox between an event's 202 and its application: what it does when an event will not apply, and its bound. */
class AlertInboxTest extends AndonServerTest {
    @Autowired
    DSLContext sql;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    AlertIntake intake;

    @Autowired
    IntegrationStore integrations;

    private String integration(String id) {
        assertThat(post("/api/v1/services", "{\"slug\":\"inbox-%s\",\"name\":\"Inbox\"}".formatted(id)).statusCode()).isEqualTo(201);
        HttpResponse<String> created = post("/api/v1/integrations", """
                {"slug": "inbox-%s", "service": "inbox-%s", "type": "events-v2"}""".formatted(id, id));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).path("key").asString();
    }

    private HttpResponse<String> trigger(String key, String dedup) {
        return send(HttpRequest.newBuilder(uri("/v2/enqueue")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                {"routing_key": "%s", "event_action": "trigger", "dedup_key": "%s",
                 "payload": {"summary": "Disk full", "source": "db-1", "severity": "error"}}""".formatted(key, dedup))).build());
    }

    /** Polls (the applier is not this server's to wait for here) until an alert under the dedup key exists; fails after 30 s. */
    private void awaitAlert(String dedupKey, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sql.fetchCount(sql.selectFrom("alerts").where("dedup_key = ?", dedupKey)) == 0) {
            assertThat(System.nanoTime() - until).as(what).isNegative();
            Thread.sleep(50);
        }
    }

    @Test
    void anEventThatFailsToApplyIsSetAsideAndTheOnesBehindItAreApplied() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String key = integration(id);
        // What no release of Andon writes, so it can never apply: stored ahead of a good event.
        long bad = sql.resultQuery("insert into alert_inbox (item) values ('{\"type\": \"alert\", \"event\": ') returning id").fetchOne(0, Long.class);
        try {
            assertThat(trigger(key, "disk-" + id).statusCode()).isEqualTo(202);
            awaitAlert("disk-" + id, "the event behind the bad one is applied");
            var setAside = sql.resultQuery("select failed_at, error from alert_inbox where id = ?", bad).fetchOne();
            assertThat(setAside).as("the bad event is kept").isNotNull();
            assertThat(setAside.get(0)).as("failed_at").isNotNull();
            assertThat(setAside.get(1, String.class)).contains("Unexpected end-of-input");
            assertThat(sql.fetchCount(sql.selectFrom("alert_inbox").where("failed_at is null and item like ?", "%disk-" + id + "%")))
                    .as("the good event left the inbox").isZero();
            HttpResponse<String> ready = send(HttpRequest.newBuilder(uri("/readyz")).GET().build());
            assertThat(ready.statusCode()).as("a set-aside event does not make the node unready").isEqualTo(200);
            assertThat(json(ready).path("checks").path("alert-apply").asString()).contains("set aside: see alert_inbox rows with failed_at");
        } finally {
            sql.execute("delete from alert_inbox where id = ?", bad);
        }
    }

    @Test
    void aFullInboxRefusesEventsUntilItDrains() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        IntegrationStore.Stored integration = integrations.byKey(integration(id)).orElseThrow();
        Intake event = new Intake.Alert(integration.id(), "events-v2", null, integration.serviceId(), new AlertEvent(AlertAction.TRIGGER,
                "full-" + id, "Queue backed up", "mq-1", Severity.WARNING, null, null, null, null, null, null, null, null, null, null),
                Instant.now(), null, "test");
        // An inbox that may hold one event (its applier not started), and a writer in front of it.
        AlertInbox inbox = new AlertInbox(sql, transactions, intake, Clock.systemUTC(), new SimpleMeterRegistry(), 1, 1000);
        AlertWriter writer = new AlertWriter(inbox, Clock.systemUTC(), new SimpleMeterRegistry(), 10, 1);
        assertThat(inbox.full()).isFalse();
        inbox.store(List.of(event));
        assertThat(inbox.full()).isTrue();
        assertThatThrownBy(() -> writer.store(List.of(event), Duration.ofSeconds(1))).isInstanceOf(GroupCommitWriter.QueueFullException.class);
        assertThat(inbox.awaitApplied(Duration.ofMillis(10))).as("this inbox's own applier never ran").isFalse();
        // The server's applier applies what that inbox stored (they share the table).
        awaitAlert("full-" + id, "the stored event is applied");
    }
}
