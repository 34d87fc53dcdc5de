package dev.andon.server.paging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Schedules, policies and contact methods through configuration as code and the API, on the real
 * server: who is on call, overrides, calendar feeds, what is refused, and where credentials are
 * kept (encrypted in the database, masked in answers and in the event log).
 */
class OnCallApiTest extends AndonServerTest {
    private String id;

    @Autowired
    DSLContext sql;

    @Autowired
    FeedKeys feedKeys;

    @Autowired
    dev.andon.catalog.CatalogRepository repository;

    @BeforeEach
    void apply() {
        id = UUID.randomUUID().toString().substring(0, 6);
        String yaml = """
                apiVersion: andon.dev/v1
                kind: User
                metadata: {name: alice-%1$s}
                spec:
                  email: alice@example.com
                  contactMethods:
                    - {name: phone, type: sms, address: "+4915123456789"}
                    - {name: hook, type: webhook, address: "https://hooks.example.com/secret-path-%1$s", secret: "s3cret-%1$s"}
                  notificationRules:
                    - {contactMethod: hook}
                    - {contactMethod: phone, after: 5m}
                ---
                apiVersion: andon.dev/v1
                kind: User
                metadata: {name: bob-%1$s}
                spec: {email: bob@example.com}
                ---
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: team-%1$s}
                spec: {members: [alice-%1$s, bob-%1$s]}
                ---
                apiVersion: andon.dev/v1
                kind: Schedule
                metadata: {name: primary-%1$s}
                spec:
                  team: team-%1$s
                  timezone: Europe/Berlin
                  layers:
                    - {name: weekly, start: "2026-01-05T09:00", shift: 1w, users: [alice-%1$s, bob-%1$s]}
                ---
                apiVersion: andon.dev/v1
                kind: EscalationPolicy
                metadata: {name: policy-%1$s}
                spec:
                  team: team-%1$s
                  tiers:
                    - {targets: [{schedule: primary-%1$s}], escalateAfter: 15m}
                    - {targets: [{user: bob-%1$s}]}
                  repeat: 2
                ---
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: api-%1$s}
                spec: {title: API, owner: team-%1$s, escalationPolicy: policy-%1$s}
                """.formatted(id);
        HttpResponse<String> applied = post("/api/v1/apply", JSON.createObjectNode().set("files", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("path", "oncall.yaml").put("content", yaml))).toString());
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    }

    @Test
    void appliedScheduleAnswersWhoIsOnCallAtAnyTime() {
        // 2026-01-05 09:00 Berlin is the first handoff: alice's week, then bob's.
        JsonNode first = json(get("/api/v1/schedules/primary-" + id + "/on-call?at=2026-01-06T12:00:00Z"));
        assertThat(first.path("onCall").path("user").asString()).isEqualTo("alice-" + id);
        assertThat(first.path("onCall").path("start").asString()).isEqualTo("2026-01-05T08:00:00Z");
        JsonNode second = json(get("/api/v1/schedules/primary-" + id + "/on-call?at=2026-01-13T12:00:00Z"));
        assertThat(second.path("onCall").path("user").asString()).isEqualTo("bob-" + id);
        JsonNode shifts = json(get("/api/v1/schedules/primary-" + id + "/shifts?from=2026-03-23T00:00:00Z&to=2026-04-06T00:00:00Z"));
        // Across the change to summer time the handoff stays 09:00 in Berlin: 08:00Z before, 07:00Z after.
        assertThat(shifts.findValuesAsString("start")).contains("2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z");
        JsonNode policy = json(get("/api/v1/escalation-policies/policy-" + id));
        assertThat(policy.path("repeat").asInt()).isEqualTo(2);
        assertThat(policy.path("services").get(0).asString()).isEqualTo("api-" + id);
        assertThat(json(get("/api/v1/services/api-" + id)).path("escalationPolicy").asString()).isEqualTo("policy-" + id);
    }

    @Test
    void anOverrideCoversTheShiftAndCanBeRemoved() {
        HttpResponse<String> added = post("/api/v1/schedules/primary-" + id + "/overrides", """
                {"user": "bob-%s", "start": "2026-01-06T10:00:00Z", "end": "2026-01-06T14:00:00Z", "note": "dentist"}""".formatted(id));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode during = json(get("/api/v1/schedules/primary-" + id + "/on-call?at=2026-01-06T12:00:00Z")).path("onCall");
        assertThat(during.path("user").asString()).isEqualTo("bob-" + id);
        assertThat(during.path("override").asBoolean()).isTrue();
        assertThat(during.path("covering").asString()).isEqualTo("alice-" + id);

        assertThat(delete("/api/v1/schedules/primary-" + id + "/overrides/" + json(added).path("id").asLong()).statusCode()).isEqualTo(204);
        assertThat(json(get("/api/v1/schedules/primary-" + id + "/on-call?at=2026-01-06T12:00:00Z")).path("onCall").path("user").asString())
                .isEqualTo("alice-" + id);
        HttpResponse<String> backwards = post("/api/v1/schedules/primary-" + id + "/overrides", """
                {"user": "bob-%s", "start": "2026-01-06T14:00:00Z", "end": "2026-01-06T10:00:00Z"}""".formatted(id));
        assertThat(backwards.statusCode()).isEqualTo(422);
        assertThat(backwards.body()).contains("end");
    }

    @Test
    void calendarFeedsNeedTheirKey() {
        HttpResponse<String> feed = send(HttpRequest.newBuilder(uri("/ical/schedules/primary-" + id + ".ics?key="
                + feedKeys.scheduleKey("primary-" + id))).GET().build());
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("text/calendar");
        assertThat(feed.body()).startsWith("BEGIN:VCALENDAR").contains("BEGIN:VEVENT").contains("alice-" + id);
        HttpResponse<String> person = send(HttpRequest.newBuilder(uri("/ical/users/bob-" + id + ".ics?key="
                + feedKeys.personKey("bob-" + id))).GET().build());
        assertThat(person.statusCode()).isEqualTo(200);
        assertThat(person.body()).contains("BEGIN:VEVENT");
        HttpResponse<String> wrongKey = send(HttpRequest.newBuilder(uri("/ical/schedules/primary-" + id + ".ics?key="
                + feedKeys.personKey("bob-" + id))).GET().build());
        assertThat(wrongKey.statusCode()).isEqualTo(403);
    }

    @Test
    void credentialsAreEncryptedStoredMaskedShownAndKeptOutOfTheEventLog() {
        String stored = sql.resultQuery("select contact_methods::text from users where username = ?", "alice-" + id).fetchOne(0, String.class);
        assertThat(stored).doesNotContain("secret-path-" + id).doesNotContain("s3cret-" + id).contains("enc:v1:").contains("+4915123456789");
        JsonNode user = json(get("/api/v1/users/alice-" + id));
        JsonNode hook = user.path("contactMethods").get(1);
        assertThat(hook.path("address").asString()).isEqualTo("https://hooks.example.com/…");
        assertThat(hook.path("secret").asString()).isEqualTo("(hidden)");
        assertThat(user.path("notificationRules").get(1).path("after").asString()).isEqualTo("5m");
        List<String> logged = sql.resultQuery("select coalesce(before::text, '') || coalesce(after::text, '') from events where object_key = ?",
                "alice-" + id).fetch(0, String.class);
        assertThat(logged).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain("secret-path-" + id).doesNotContain("s3cret-" + id));

        // An update that leaves contact methods out keeps them.
        assertThat(put("/api/v1/users/alice-" + id, "{\"displayName\": \"Alice\", \"email\": \"alice@example.com\"}").statusCode()).isEqualTo(200);
        assertThat(json(get("/api/v1/users/alice-" + id)).path("contactMethods")).hasSize(2);
        HttpResponse<String> badPhone = put("/api/v1/users/alice-" + id, """
                {"displayName": "Alice", "contactMethods": [{"name": "phone", "type": "sms", "address": "0151 2345"}]}""");
        assertThat(badPhone.statusCode()).isEqualTo(422);
        assertThat(badPhone.body()).contains("contactMethods[0].address").contains("E.164");
    }

    @Test
    void sendingBackWhatTheApiShowedKeepsTheStoredCredentials() {
        JsonNode shown = json(get("/api/v1/users/alice-" + id));
        ((tools.jackson.databind.node.ObjectNode) shown).put("displayName", "Alice A.");
        assertThat(put("/api/v1/users/alice-" + id, shown.toString()).statusCode()).isEqualTo(200);
        var stored = repository.user("alice-" + id).orElseThrow().contactMethods().get(1);
        assertThat(stored.address()).isEqualTo("https://hooks.example.com/secret-path-" + id);
        assertThat(stored.secret()).isEqualTo("s3cret-" + id);

        JsonNode service = json(get("/api/v1/services/api-" + id));
        ((tools.jackson.databind.node.ObjectNode) service).remove("escalationPolicy");
        assertThat(put("/api/v1/services/api-" + id, service.toString()).statusCode()).isEqualTo(200);
        assertThat(json(get("/api/v1/services/api-" + id)).path("escalationPolicy").asString()).as("left out: kept").isEqualTo("policy-" + id);
        ((tools.jackson.databind.node.ObjectNode) service).put("escalationPolicy", "");
        assertThat(put("/api/v1/services/api-" + id, service.toString()).statusCode()).isEqualTo(200);
        assertThat(json(get("/api/v1/services/api-" + id)).path("escalationPolicy").isNull()).as("empty: cleared").isTrue();
    }

    @Test
    void whatIsStillUsedCannotBeDeleted() {
        HttpResponse<String> user = delete("/api/v1/users/bob-" + id);
        assertThat(user.statusCode()).isEqualTo(409);
        assertThat(user.body()).contains("schedule primary-" + id).contains("escalation policy policy-" + id);
        HttpResponse<String> schedule = delete("/api/v1/schedules/primary-" + id);
        assertThat(schedule.statusCode()).isEqualTo(409);
        assertThat(schedule.body()).contains("policy-" + id);
        HttpResponse<String> policy = delete("/api/v1/escalation-policies/policy-" + id);
        assertThat(policy.statusCode()).isEqualTo(409);
        assertThat(policy.body()).contains("api-" + id);
    }

    @Test
    void invalidDefinitionsAreRefusedNamingTheField() {
        HttpResponse<String> schedule = post("/api/v1/schedules", """
                {"slug": "bad-%s", "layers": [{"name": "l", "start": "2026-01-05T09:00", "shift": "3x", "users": ["alice-%s"]}]}"""
                .formatted(id, id));
        assertThat(schedule.statusCode()).isEqualTo(422);
        assertThat(schedule.body()).contains("layers[0].shift");
        HttpResponse<String> policy = post("/api/v1/escalation-policies", """
                {"slug": "bad-%s", "tiers": [{"targets": [{"user": "nobody-%s"}]}]}""".formatted(id, id));
        assertThat(policy.statusCode()).isEqualTo(422);
        assertThat(policy.body()).contains("tiers[0].targets[0].user").contains("does not exist");
    }
}
