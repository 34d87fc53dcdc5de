package dev.andon.server.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The incident lifecycle through /api/v1/incidents on the real server and PostgreSQL. */
class IncidentApiTest extends IncidentFixtures {
    @Autowired
    IncidentMail mail;

    private List<String> kinds(JsonNode entries) {
        List<String> kinds = new ArrayList<>();
        entries.forEach(entry -> kinds.add(entry.path("kind").asString()));
        return kinds;
    }

    @Test
    void anIncidentRunsFromDeclarationThroughHandoversAndUpdatesToResolvedAndReopens() {
        JsonNode declared = declare("""
                {"title": "Checkout fails %s", "severity": "SEV2", "services": ["%s"], "customerImpact": "Nobody can pay", "summary": "5xx"}"""
                .formatted(id, api));
        long number = declared.path("number").asLong();
        assertThat(declared.path("reference").asString()).isEqualTo("INC-" + number);
        assertThat(declared.path("status").asString()).isEqualTo("investigating");
        assertThat(declared.path("roles").path("commander").asString()).as("the declarer commands").isEqualTo("admin");
        assertThat(declared.path("services").toString()).contains(api);
        assertThat(declared.path("metrics").path("timeToDetect").asString()).isEqualTo("PT0S");

        String path = "/api/v1/incidents/" + number;
        assertThat(json(post(path + "/roles", "{\"role\":\"operations\",\"user\":\"%s\"}".formatted(bob))).path("warnings")).isEmpty();
        JsonNode dual = json(post(path + "/roles", "{\"role\":\"communications\",\"user\":\"%s\"}".formatted(bob)));
        assertThat(dual.path("warnings").get(0).asString()).contains(bob).contains("operations lead and communications lead");
        JsonNode handed = json(post(path + "/roles", "{\"role\":\"communications\",\"user\":\"%s\"}".formatted(alice)));
        assertThat(handed.path("warnings")).isEmpty();
        assertThat(handed.path("roles").path("communications").asString()).isEqualTo(alice);
        assertThat(post(path + "/roles", "{\"role\":\"chef\",\"user\":\"%s\"}".formatted(alice)).statusCode()).isEqualTo(422);
        assertThat(json(post(path + "/roles", "{\"role\":\"scribe\",\"user\":\"nobody-" + id + "\"}")).path("field").asString()).isEqualTo("user");

        JsonNode monitoring = json(patch(path, "{\"status\":\"monitoring\",\"severity\":\"SEV1\",\"services\":[\"%s\",\"%s\"]}".formatted(api, web)));
        assertThat(monitoring.path("status").asString()).isEqualTo("monitoring");
        assertThat(monitoring.path("severity").asString()).isEqualTo("SEV1");
        assertThat(monitoring.path("times").path("mitigatedAt").isNull()).isFalse();
        assertThat(monitoring.path("services")).hasSize(2);

        // A public update sets the status too; internal ones only go to the subscribers.
        assertThat(json(get("/api/v1/incidents/update-templates")).path("resolved").asString()).contains("resolved");
        created(post(path + "/updates", "{\"audience\":\"internal\",\"status\":\"monitoring\",\"body\":\"Fix deployed\"}"));
        assertThat(json(get(path)).path("status").asString()).isEqualTo("monitoring");
        created(post(path + "/updates", "{\"audience\":\"public\",\"status\":\"resolved\",\"body\":\"All good again\"}"));
        JsonNode resolved = json(get(path));
        assertThat(resolved.path("status").asString()).isEqualTo("resolved");
        assertThat(resolved.path("metrics").path("timeToResolve").isNull()).isFalse();
        assertThat(resolved.path("updates")).hasSize(2);
        assertThat(resolved.path("subscribers").toString()).as("the declarer and role holders hear updates").contains("admin", alice, bob);
        assertThat(post(path + "/updates", "{\"audience\":\"everyone\",\"status\":\"resolved\",\"body\":\"x\"}").statusCode()).isEqualTo(422);
        assertThat(sql.resultQuery("select count(*) from scheduled_tasks where task_name = 'incident-mail' and task_instance like 'update:%'")
                .fetchOne(0, Integer.class) + sql.resultQuery("select count(*) from incident_updates where audience = 'internal'").fetchOne(0, Integer.class))
                .as("internal updates are mailed by a task").isPositive();

        JsonNode reopened = json(patch(path, "{\"status\":\"investigating\"}"));
        assertThat(reopened.path("times").path("resolvedAt").isNull()).isTrue();

        assertThat(json(get("/api/v1/incidents?status=open&service=" + web)).toString()).contains("\"number\":" + number);
        assertThat(json(get("/api/v1/incidents?status=resolved&service=" + web))).isEmpty();
        assertThat(json(get("/api/v1/incidents?status=all&severity=SEV1&service=" + api))).hasSize(1);
        assertThat(get("/api/v1/incidents?status=bogus").statusCode()).isEqualTo(422);
        assertThat(get("/api/v1/incidents/999999999").statusCode()).isEqualTo(404);

        List<String> timeline = kinds(json(get(path + "/timeline?sources=incident")));
        assertThat(timeline).containsSubsequence("declared", "role", "role", "handover", "severity", "status", "edited", "update", "status", "update", "status");
        assertThat(sql.resultQuery("select kind from events where object_type = 'incident' and object_key = ? order by id", Long.toString(number))
                .fetch(0, String.class)).containsSubsequence("incident.declared", "incident.role", "incident.role", "incident.role",
                "incident.changed", "incident.update", "incident.update", "incident.changed");
    }

    @Test
    void declaringFromAnAlertAttachesItAndItsServiceAndCountsFromTheAlert() {
        Instant raised = Instant.now().minus(Duration.ofMinutes(12)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long alert = alert(api, "Error rate above 5% " + id, raised);
        JsonNode declared = declare("{\"title\":\"Errors %s\",\"severity\":\"SEV3\",\"alertId\":%d}".formatted(id, alert));
        assertThat(declared.path("declaredFrom").asString()).isEqualTo("alert");
        assertThat(declared.path("alerts").toString()).isEqualTo("[" + alert + "]");
        assertThat(declared.path("services").toString()).isEqualTo("[\"" + api + "\"]");
        assertThat(Instant.parse(declared.path("times").path("detectedAt").asString())).isEqualTo(raised);
        assertThat(declared.path("metrics").path("timeToAcknowledge").asString()).startsWith("PT1");

        long other = alert(web, "Web slow " + id, Instant.now());
        long number = declared.path("number").asLong();
        assertThat(json(post("/api/v1/incidents/" + number + "/alerts", "{\"alertId\":" + other + "}")).path("alerts")).hasSize(2);
        assertThat(post("/api/v1/incidents", "{\"title\":\"x\",\"severity\":\"SEV3\",\"alertId\":999999999}").statusCode()).isEqualTo(422);
        assertThat(json(post("/api/v1/incidents", "{\"title\":\"x\",\"severity\":\"SEV9\"}")).path("field").asString()).isEqualTo("severity");
    }

    @Test
    void notesMayBeBackDatedButNotFutureDated() {
        long number = declare("{\"title\":\"Notes %s\",\"severity\":\"SEV4\",\"services\":[\"%s\"]}".formatted(id, api)).path("number").asLong();
        String earlier = Instant.now().minus(Duration.ofMinutes(20)).toString();
        created(post("/api/v1/incidents/" + number + "/notes", "{\"body\":\"Saw the first errors\",\"at\":\"%s\"}".formatted(earlier)));
        JsonNode future = json(post("/api/v1/incidents/" + number + "/notes",
                "{\"body\":\"later\",\"at\":\"%s\"}".formatted(Instant.now().plus(Duration.ofHours(1)))));
        assertThat(future.path("field").asString()).isEqualTo("at");
        JsonNode entries = json(get("/api/v1/incidents/" + number + "/timeline?kinds=note,declared"));
        assertThat(kinds(entries)).containsExactly("note", "declared");
    }

    @Test
    void aReminderIsRecordedOncePerOverduePeriodForTheCommunicationsLead() {
        long number = declare("{\"title\":\"Quiet %s\",\"severity\":\"SEV2\",\"services\":[\"%s\"]}".formatted(id, api)).path("number").asLong();
        post("/api/v1/incidents/" + number + "/roles", "{\"role\":\"communications\",\"user\":\"%s\"}".formatted(alice));
        Instant now = Instant.now();
        assertThat(mail.remind(now.plus(Duration.ofMinutes(10)))).doesNotContain(number);
        assertThat(mail.remind(now.plus(Duration.ofMinutes(31)))).contains(number);
        assertThat(mail.remind(now.plus(Duration.ofMinutes(40)))).as("once per period").doesNotContain(number);
        assertThat(mail.remind(now.plus(Duration.ofMinutes(62)))).contains(number);
        List<String> reminders = sql.resultQuery("""
                select l.body from incident_log l join incidents i on i.id = l.incident_id where i.number = ? and l.kind = 'reminder' order by l.at""", number)
                .fetch(0, String.class);
        assertThat(reminders).hasSize(2).allSatisfy(body -> assertThat(body).contains("reminded " + alice));
        assertThat(sql.resultQuery("""
                select count(*) from incident_log l join incidents i on i.id = l.incident_id
                where i.number = ? and l.kind = 'reminder'
                  and ('reminder:' || l.id) in (select task_instance from scheduled_tasks where task_name = 'incident-mail')""", number)
                .fetchOne(0, Integer.class)).as("each reminder has its mail task (not run yet: it is due at the moved time)").isGreaterThanOrEqualTo(1);
        // An update restarts the period.
        created(post("/api/v1/incidents/" + number + "/updates", "{\"audience\":\"internal\",\"status\":\"identified\",\"body\":\"Found it\"}"));
        assertThat(mail.remind(Instant.now().plus(Duration.ofMinutes(20)))).doesNotContain(number);
    }
}
