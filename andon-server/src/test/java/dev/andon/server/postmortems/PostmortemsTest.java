package dev.andon.server.postmortems;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Postmortems through the API on the real server and PostgreSQL: the draft a resolved incident
 * gets, the blameless checker gating publication, the facilitator rule, review comments, the
 * exports, and reminders recorded once.
 */
class PostmortemsTest extends AndonServerTest {
    @Autowired
    DSLContext sql;
    @Autowired
    LearningMail mail;
    @Autowired
    Postmortems postmortems;
    @Autowired
    ActionItems actionItems;

    String id;
    String api;
    String alice;
    String carol;

    @BeforeEach
    void catalog() {
        id = UUID.randomUUID().toString().substring(0, 8);
        api = "pm-api-" + id;
        alice = "alice-" + id;
        carol = "carol-" + id;
        created(post("/api/v1/services", "{\"slug\":\"%s\",\"name\":\"API %s\",\"tier\":1}".formatted(api, id)));
        for (String user : new String[] {alice, carol}) {
            created(post("/api/v1/users", "{\"username\":\"%s\",\"displayName\":\"%s Example\",\"email\":\"%s@example.com\",\"role\":\"member\"}"
                    .formatted(user, user, user)));
        }
    }

    private static HttpResponse<String> created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response;
    }

    private HttpResponse<String> patch(String path, String json) {
        return send(authorized(path).header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Declares and resolves an incident; returns its number. */
    private long resolvedIncident(String severity) {
        long number = json(created(post("/api/v1/incidents", """
                {"title": "Checkout fails %s", "severity": "%s", "services": ["%s"], "customerImpact": "Nobody can pay", "summary": "5xx from the API"}"""
                .formatted(id, severity, api)))).path("number").asLong();
        assertThat(post("/api/v1/incidents/" + number + "/notes", "{\"body\":\"Rolled back the deploy " + id + "\"}").statusCode()).isEqualTo(201);
        assertThat(patch("/api/v1/incidents/" + number, "{\"status\":\"resolved\"}").statusCode()).isEqualTo(200);
        return number;
    }

    private List<String> rules(JsonNode flags) {
        List<String> rules = new ArrayList<>();
        flags.forEach(flag -> rules.add(flag.path("rule").asString()));
        return rules;
    }

    @Test
    void resolvingASev2IncidentDraftsItsPostmortemWithTheTimelineOwnerAndDueDate() {
        long number = resolvedIncident("SEV2");
        HttpResponse<String> response = get("/api/v1/incidents/" + number + "/postmortem");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode draft = json(response);
        assertThat(draft.path("status").asString()).isEqualTo("draft");
        assertThat(draft.path("owner").asString()).as("the incident commander owns it").isEqualTo("admin");
        Instant resolvedAt = Instant.parse(json(get("/api/v1/incidents/" + number)).path("times").path("resolvedAt").asString());
        assertThat(Instant.parse(draft.path("dueAt").asString())).isEqualTo(resolvedAt.plus(Duration.ofHours(48)));
        assertThat(draft.path("sections").path("summary").asString()).isEqualTo("5xx from the API");
        assertThat(draft.path("sections").path("impact").asString()).contains("Nobody can pay", api, "SEV2");
        List<String> lines = new ArrayList<>();
        draft.path("timeline").forEach(line -> lines.add(line.path("body").asString()));
        assertThat(lines).anyMatch(line -> line.contains("SEV2 declared")).anyMatch(line -> line.contains("Rolled back the deploy " + id))
                .anyMatch(line -> line.contains("resolved"));
        // The incident page links it.
        var session = pageSession();
        session.signIn("admin", ADMIN_PASSWORD, "/incidents");
        assertThat(session.get("/incidents/" + number).body()).contains("/postmortems/" + draft.path("id").asLong());
        HttpResponse<String> page = session.get("/postmortems/" + draft.path("id").asLong());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Postmortem: Checkout fails " + id, "Rolled back the deploy " + id, "Send to review");
    }

    @Test
    void aSev4GetsNoDraftButOneCanBeStartedByHand() {
        long number = resolvedIncident("SEV4");
        assertThat(get("/api/v1/incidents/" + number + "/postmortem").statusCode()).isEqualTo(404);
        HttpResponse<String> started = post("/api/v1/incidents/" + number + "/postmortem", "{}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        assertThat(post("/api/v1/incidents/" + number + "/postmortem", "{}").statusCode()).as("the same one again").isEqualTo(200);
    }

    @Test
    void blamingLanguageBlocksPublishingUntilRewordedOrOverriddenWithAReason() {
        long number = resolvedIncident("SEV1");
        long pm = json(get("/api/v1/incidents/" + number + "/postmortem")).path("id").asLong();
        String path = "/api/v1/postmortems/" + pm;
        JsonNode written = json(patch(path, """
                {"sections": {"summary": "The outage was human error.\\n%s should have checked the config before the deploy."}}""".formatted(alice)));
        assertThat(rules(written.path("flags"))).contains("human-error", "hindsight", "single-cause");
        JsonNode humanError = json(get(path + "/flags")).get(0);
        assertThat(humanError.path("section").asString()).isEqualTo("summary");
        assertThat(humanError.path("line").asInt()).isEqualTo(1);
        assertThat(humanError.path("phrase").asString()).isEqualToIgnoringCase("human error");
        assertThat(humanError.path("suggestion").asString()).isNotBlank();

        HttpResponse<String> early = post(path + "/status", "{\"status\":\"published\"}");
        assertThat(early.statusCode()).as("a draft is reviewed first").isEqualTo(409);
        assertThat(json(post(path + "/status", "{\"status\":\"in_review\"}")).path("status").asString()).isEqualTo("in_review");
        HttpResponse<String> blocked = post(path + "/status", "{\"status\":\"published\"}");
        assertThat(blocked.statusCode()).isEqualTo(409);
        assertThat(json(blocked).path("field").asString()).isEqualTo("overrideReason");
        assertThat(blocked.body()).contains("flags are open");

        // Reworded, and two factors with their whys: nothing left to flag.
        patch(path, """
                {"sections": {"summary": "A configuration change reached production without a check that would have caught the missing key."}}""");
        created(post(path + "/factors", """
                {"type": "technical", "description": "The config loader accepted a missing key", "whys": ["No schema validation", "The schema was never written"]}"""));
        created(post(path + "/factors", """
                {"type": "process", "description": "Deploys skip the canary on Fridays", "whys": ["The canary takes an hour"]}"""));
        assertThat(json(get(path + "/flags"))).as(get(path + "/flags").body()).isEmpty();
        JsonNode published = json(post(path + "/status", "{\"status\":\"published\"}"));
        assertThat(published.path("status").asString()).isEqualTo("published");
        assertThat(published.path("publishedBy").asString()).isEqualTo("admin");
        assertThat(published.path("overrideReason").isNull()).isTrue();
        assertThat(patch(path, "{\"sections\": {\"summary\": \"changed\"}}").statusCode()).as("published is read-only").isEqualTo(409);
    }

    @Test
    void anOverrideReasonPublishesOverOpenFlagsAndIsRecorded() {
        long number = resolvedIncident("SEV3");
        long pm = json(get("/api/v1/incidents/" + number + "/postmortem")).path("id").asLong();
        String path = "/api/v1/postmortems/" + pm;
        patch(path, "{\"sections\": {\"went_badly\": \"It was careless to deploy on a Friday.\"}}");
        post(path + "/status", "{\"status\":\"in_review\"}");
        JsonNode published = json(post(path + "/status", "{\"status\":\"published\",\"overrideReason\":\"Quoting the on-call channel verbatim\"}"));
        assertThat(published.path("status").asString()).isEqualTo("published");
        assertThat(published.path("overrideReason").asString()).isEqualTo("Quoting the on-call channel verbatim");
        String after = sql.resultQuery("select after::text from events where object_type = 'postmortem' and object_key = ? and kind = 'postmortem.published'",
                Long.toString(pm)).fetchOne(0, String.class);
        assertThat(after).contains("Quoting the on-call channel verbatim", "judgement");
    }

    @Test
    void theFacilitatorMustNotHaveBeenInTheResponse() {
        long number = resolvedIncident("SEV2");
        long pm = json(get("/api/v1/incidents/" + number + "/postmortem")).path("id").asLong();
        String path = "/api/v1/postmortems/" + pm;
        assertThat(post("/api/v1/incidents/" + number + "/roles", "{\"role\":\"scribe\",\"user\":\"%s\"}".formatted(alice)).statusCode()).isEqualTo(200);
        HttpResponse<String> responder = patch(path, "{\"facilitator\":\"%s\"}".formatted(alice));
        assertThat(responder.statusCode()).isEqualTo(422);
        assertThat(json(responder).path("field").asString()).isEqualTo("facilitator");
        assertThat(responder.body()).contains("was in the response");
        assertThat(patch(path, "{\"facilitator\":\"admin\"}").statusCode()).as("the owner").isEqualTo(422);
        JsonNode ok = json(patch(path, "{\"facilitator\":\"%s\",\"reviewers\":[\"%s\"],\"tags\":[\"Config\",\"deploys\"]}".formatted(carol, alice)));
        assertThat(ok.path("facilitator").asString()).isEqualTo(carol);
        assertThat(ok.path("reviewers").toString()).contains(alice);
        assertThat(ok.path("tags").toString()).isEqualTo("[\"config\",\"deploys\"]");
    }

    @Test
    void reviewersCommentOnSectionsOnlyDuringTheReview() {
        long number = resolvedIncident("SEV2");
        String path = "/api/v1/postmortems/" + json(get("/api/v1/incidents/" + number + "/postmortem")).path("id").asLong();
        assertThat(post(path + "/comments", "{\"section\":\"impact\",\"body\":\"How many customers?\"}").statusCode()).isEqualTo(409);
        post(path + "/status", "{\"status\":\"in_review\"}");
        assertThat(post(path + "/comments", "{\"section\":\"nowhere\",\"body\":\"?\"}").statusCode()).isEqualTo(422);
        JsonNode comment = json(created(post(path + "/comments", "{\"section\":\"impact\",\"body\":\"How many customers?\"}")));
        assertThat(post(path + "/comments/" + comment.path("id").asLong() + "/resolve", "{}").statusCode()).isEqualTo(204);
        JsonNode comments = json(get(path)).path("comments");
        assertThat(comments).hasSize(1);
        assertThat(comments.get(0).path("resolvedBy").asString()).isEqualTo("admin");
    }

    @Test
    void exportsAsMarkdownAndPdf() {
        long number = resolvedIncident("SEV2");
        long pm = json(get("/api/v1/incidents/" + number + "/postmortem")).path("id").asLong();
        String path = "/api/v1/postmortems/" + pm;
        created(post(path + "/factors", "{\"type\":\"external\",\"description\":\"The payment provider rate-limited us\",\"whys\":[\"A burst of retries\"]}"));
        HttpResponse<String> markdown = get(path + "/export.md");
        assertThat(markdown.statusCode()).isEqualTo(200);
        assertThat(markdown.headers().firstValue("Content-Disposition").orElse("")).contains("postmortem-inc-" + number + ".md");
        assertThat(markdown.body()).contains("# Postmortem: Checkout fails " + id, "## Timeline", "## Contributing factors",
                "**External:** The payment provider rate-limited us", "1. Why? A burst of retries", "Nobody can pay");
        HttpResponse<byte[]> pdf;
        try {
            pdf = java.net.http.HttpClient.newHttpClient().send(authorized(path + "/export.pdf").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/pdf");
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        assertThat(pdf.body().length).isGreaterThan(1000);
    }

    @Test
    void remindersAreRecordedOncePerItemAndOverdueDraftsOncePerDay() {
        long number = resolvedIncident("SEV2");
        long pm = json(get("/api/v1/incidents/" + number + "/postmortem")).path("id").asLong();
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        long item = actionItems.create("admin", pm, null, null, new ActionItems.Draft("Validate config keys " + id, "", alice, null, tomorrow,
                "high", "prevent", "https://tracker.example.com/browse/OPS-1")).id();
        // Whole milliseconds: PostgreSQL rounds to microseconds, which would make "a day later" a few nanoseconds short.
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        mail.sweep(now);
        mail.sweep(now);
        assertThat(sql.resultQuery("select reminder from action_item_reminders where action_item_id = ?", item).fetch(0, String.class))
                .as("one 'before' reminder however often the sweep runs").containsExactly("before");
        // The mail task is written with the reminder; db-scheduler may already have run it (and deleted its row).
        assertThat(sql.resultQuery("select count(*) from scheduled_tasks where task_name = 'postmortem-mail' and task_instance = ?",
                "action-item:" + item + ":before").fetchOne(0, Integer.class)).isBetween(0, 1);
        // A new due date starts the reminders over.
        actionItems.change("admin", item, new ActionItems.Change(null, null, null, null, tomorrow.plusDays(1), null, null, null, null));
        assertThat(sql.resultQuery("select count(*) from action_item_reminders where action_item_id = ?", item).fetchOne(0, Integer.class)).isZero();
        mail.sweep(now);
        assertThat(sql.resultQuery("select reminder from action_item_reminders where action_item_id = ?", item).fetch(0, String.class))
                .containsExactly("before");

        // A draft past its due time: its owner is reminded at most once a day.
        sql.execute("update postmortems set due_at = ?::timestamptz where id = ?", now.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC), pm);
        // Two days on, so the real one-minute sweep (at the real now) cannot have used up the day.
        Instant later = now.plus(Duration.ofDays(2));
        assertThat(postmortems.remindOverdue(later)).contains(pm);
        assertThat(postmortems.remindOverdue(later.plus(Duration.ofHours(1)))).doesNotContain(pm);
        assertThat(postmortems.remindOverdue(later.plus(Duration.ofDays(1)))).contains(pm);
        // Published: never overdue again.
        sql.execute("update postmortems set status = 'published' where id = ?", pm);
        assertThat(postmortems.remindOverdue(later.plus(Duration.ofDays(5)))).doesNotContain(pm);
    }

    @Test
    void aPublicResolvedUpdateDraftsWithThatUpdateOnTheTimeline() {
        long number = json(created(post("/api/v1/incidents", """
                {"title": "Search is slow %s", "severity": "SEV3", "services": ["%s"]}""".formatted(id, api)))).path("number").asLong();
        created(post("/api/v1/incidents/" + number + "/updates", """
                {"audience": "public", "status": "resolved", "body": "Rolled back to v41, latency normal %s"}""".formatted(id)));
        JsonNode draft = json(get("/api/v1/incidents/" + number + "/postmortem"));
        assertThat(draft.path("timeline").toString()).contains("Rolled back to v41, latency normal " + id);
    }

    @Test
    void aPostmortemStartedLongAfterTheIncidentIsDueFromNow() {
        long number = resolvedIncident("SEV4");
        sql.execute("update incidents set resolved_at = resolved_at - interval '30 days', started_at = started_at - interval '30 days', "
                + "detected_at = detected_at - interval '30 days', acknowledged_at = acknowledged_at - interval '30 days' where number = ?", number);
        JsonNode started = json(created(post("/api/v1/incidents/" + number + "/postmortem", "{}")));
        assertThat(started.path("overdue").asBoolean()).isFalse();
        assertThat(Instant.parse(started.path("dueAt").asString())).isAfter(Instant.now().plus(Duration.ofHours(47)));
    }

    @Test
    void thePdfSurvivesControlCharactersNonLatinTextAndNeverFetchesImages() throws Exception {
        long number = resolvedIncident("SEV2");
        long pm = json(get("/api/v1/incidents/" + number + "/postmortem")).path("id").asLong();
        com.sun.net.httpserver.HttpServer internal = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger fetched = new java.util.concurrent.atomic.AtomicInteger();
        internal.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        internal.start();
        try {
            String response = "Log: \u001B[31mERROR\u001B[0m connection reset\f\n\nŁódź Привет ✓\n\n![x](http://127.0.0.1:%d/meta-data)"
                    .formatted(internal.getAddress().getPort());
            assertThat(patch("/api/v1/postmortems/" + pm, JSON.createObjectNode().set("sections",
                    JSON.createObjectNode().put("response", response)).toString()).statusCode()).isEqualTo(200);
            HttpResponse<byte[]> pdf = java.net.http.HttpClient.newHttpClient().send(authorized("/api/v1/postmortems/" + pm + "/export.pdf").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pdf.statusCode()).isEqualTo(200);
            assertThat(new String(pdf.body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
            assertThat(fetched.get()).as("no request to an address named in the text").isZero();
        } finally {
            internal.stop(0);
        }
        assertThat(patch("/api/v1/postmortems/" + pm, JSON.createObjectNode().set("sections",
                JSON.createObjectNode().put("summary", "a".repeat(Postmortems.MAX_SECTION + 1))).toString()).statusCode()).isEqualTo(422);
    }

    @Test
    void actionItemsNeedAnOwnerADueDateAndAKnownType() {
        long number = resolvedIncident("SEV2");
        long pm = json(get("/api/v1/incidents/" + number + "/postmortem")).path("id").asLong();
        LocalDate due = LocalDate.now(ZoneOffset.UTC).plusDays(7);
        assertThatField(() -> actionItems.create("admin", pm, null, null, new ActionItems.Draft("x", "", null, null, due, "high", "prevent", null)), "owner");
        assertThatField(() -> actionItems.create("admin", pm, null, null, new ActionItems.Draft("x", "", alice, null, null, "high", "prevent", null)), "dueDate");
        assertThatField(() -> actionItems.create("admin", pm, null, null, new ActionItems.Draft("x", "", alice, null, due, "high", "fix", null)), "type");
        assertThatField(() -> actionItems.create("admin", pm, null, null, new ActionItems.Draft("x", "", alice, null, due, "high", "detect", "ftp://x")),
                "trackerUrl");
        ActionItems.ActionItem item = actionItems.create("admin", pm, null, null, new ActionItems.Draft("Alert on config errors " + id, "", alice, null, due,
                null, "detect", null));
        assertThat(item.priority().key()).isEqualTo("medium");
        ActionItems.ActionItem done = actionItems.change("admin", item.id(), new ActionItems.Change(null, null, null, null, null, null, null, null, "done"));
        assertThat(done.closedAt()).isNotNull();
        assertThat(json(get("/api/v1/postmortems/" + pm)).path("actionItems").get(0).path("status").asString()).isEqualTo("done");
    }

    private static void assertThatField(Runnable action, String field) {
        try {
            action.run();
            throw new AssertionError("expected an error on " + field);
        } catch (dev.andon.catalog.CatalogException e) {
            assertThat(e.field()).isEqualTo(field);
        }
    }
}
