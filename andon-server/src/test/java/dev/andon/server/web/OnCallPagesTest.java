package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.catalog.User;
import dev.andon.oncall.ContactMethod;
import dev.andon.oncall.ContactType;
import dev.andon.oncall.EscalationPolicy;
import dev.andon.oncall.EscalationTarget;
import dev.andon.oncall.EscalationTier;
import dev.andon.oncall.Layer;
import dev.andon.oncall.RotationLength;
import dev.andon.oncall.Schedule;
import dev.andon.oncall.ScheduleOverride;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.paging.FeedKeys;
import dev.andon.server.paging.OnCallStore;
import dev.andon.server.paging.PagingReports;
import dev.andon.server.support.AndonServerTest;
import dev.andon.server.support.PageSession;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The on-call pages over plain HTTP against the real server and PostgreSQL: schedules with their
 * timeline and overrides, escalation policies, a person's notification settings, the on-call
 * report, and the on-call parts of the service, team and alert pages.
 */
class OnCallPagesTest extends AndonServerTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    @Autowired
    OnCallStore onCall;

    @Autowired
    CatalogService catalog;

    @Autowired
    FeedKeys feedKeys;

    @Autowired
    PagingReports reports;

    @Autowired
    DSLContext sql;

    private String id;
    private String alice;
    private String bob;
    private String carol;
    private String team;
    private String schedule;
    private String policy;
    private String service;

    @BeforeEach
    void people() {
        id = UUID.randomUUID().toString().substring(0, 8);
        alice = "alice-" + id;
        bob = "bob-" + id;
        carol = "carol-" + id;
        team = "payments-" + id;
        schedule = "payments-primary-" + id;
        policy = "payments-pager-" + id;
        service = "payments-api-" + id;
        createUser(alice, "Alice Able");
        createUser(bob, "Bob Backup");
        createUser(carol, "Carol Cover");
        assertThat(post("/api/v1/teams", "{\"slug\":\"%s\",\"name\":\"Payments %s\",\"members\":[\"%s\",\"%s\"]}".formatted(team, id, alice, bob))
                .statusCode()).isEqualTo(201);
        // Alice's week started yesterday, so she is on call now and Bob takes over in six days.
        LocalDateTime start = LocalDateTime.now(BERLIN).minusDays(1).truncatedTo(ChronoUnit.HOURS);
        onCall.createSchedule("test", new Schedule(schedule, "Payments primary " + id, "The payments pager", team, BERLIN, List.of(
                new Layer("primary", start, new RotationLength(1, ChronoUnit.WEEKS), List.of(alice, bob), List.of(), null),
                new Layer("holiday-cover", start.plusDays(30), new RotationLength(1, ChronoUnit.DAYS), List.of(carol), List.of(), null))));
        onCall.createPolicy("test", new EscalationPolicy(policy, "Payments pager " + id, "", team, List.of(
                new EscalationTier(List.of(EscalationTarget.schedule(schedule)), Duration.ofMinutes(10)),
                new EscalationTier(List.of(EscalationTarget.user(bob)), Duration.ofMinutes(30))), 1));
        assertThat(post("/api/v1/services", "{\"slug\":\"%s\",\"name\":\"Payments API %s\",\"tier\":1,\"owner\":\"%s\"}".formatted(service, id, team))
                .statusCode()).isEqualTo(201);
    }

    private void createUser(String username, String displayName) {
        HttpResponse<String> created = post("/api/v1/users", "{\"username\":\"%s\",\"displayName\":\"%s\",\"email\":\"%s@example.com\",\"role\":\"member\"}"
                .formatted(username, displayName, username));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private PageSession admin() {
        PageSession session = pageSession();
        session.signIn("admin", ADMIN_PASSWORD, "/schedules");
        return session;
    }

    private PageSession member(String username) {
        String password = "password-of-" + username;
        assertThat(put("/api/v1/users/" + username + "/password", "{\"password\":\"" + password + "\"}").statusCode()).isEqualTo(204);
        PageSession session = pageSession();
        assertThat(session.signIn(username, password, "/profile/notifications").headers().firstValue("Location")).hasValue(uri("/").toString());
        return session;
    }

    /** JTE escapes quotes in text too; the tests read the text as a person would. */
    private static String text(HttpResponse<String> response) {
        return response.body().replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    @Test
    void schedulePagesShowWhoIsOnCallTheTimelineAndTheFeed() {
        PageSession admin = admin();

        HttpResponse<String> list = admin.get("/schedules");
        assertThat(list.statusCode()).isEqualTo(200);
        String listBody = text(list);
        assertThat(listBody).contains("<title>Schedules · Andon</title>").contains("href=\"/schedules\" aria-current=\"page\">On call</a>")
                .contains("href=\"/schedules/" + schedule + "\">Payments primary " + id + "</a>")
                .contains("<strong class=\"oncall-person\">Alice Able</strong>").contains("to <strong>Bob Backup</strong>");
        // On call comes right after Alerts in the main nav.
        String nav = listBody.substring(listBody.indexOf("<nav class=\"nav\""));
        assertThat(nav.indexOf(">Alerts</a>")).isLessThan(nav.indexOf(">On call</a>"));
        assertThat(nav.indexOf(">On call</a>")).isLessThan(nav.indexOf(">Services</a>"));

        HttpResponse<String> page = admin.get("/schedules/" + schedule);
        assertThat(page.statusCode()).isEqualTo(200);
        String body = text(page);
        assertThat(body).contains("<p class=\"oncall-big\"><strong class=\"oncall-person\">Alice Able</strong>")
                .contains("times in <strong>Europe/Berlin</strong>")
                // The timeline: a row per layer and the final one, each person in their colour with their name in the bar.
                .contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"schedule-timeline wide\"")
                .contains("class=\"schedule-timeline narrow\"").contains(">primary</text>").contains(">holiday-cover</text>").contains(">On call</text>")
                .contains("data-user=\"" + alice + "\"").contains("data-user=\"" + bob + "\"").contains(">Alice Able</text>")
                .contains("<title id=\"timeline-title\">On call for Payments primary " + id).contains("class=\"now\"")
                // The same shifts as a table, and a legend.
                .contains("<table class=\"responsive shifts-table\"").contains("layer primary")
                .contains("<span class=\"swatch swatch-override\"")
                // The iCal feed, signed for this schedule only.
                .contains("/ical/schedules/" + schedule + ".ics?key=" + feedKeys.scheduleKey(schedule))
                .contains("Paged through <a href=\"/escalation-policies/" + policy + "\">");
        assertThat(feedKeys.validSchedule(schedule, feedKeys.scheduleKey(schedule))).isTrue();
        assertThat(feedKeys.validSchedule(schedule + "-other", feedKeys.scheduleKey(schedule))).isFalse();
        assertThat(feedKeys.validPerson(schedule, feedKeys.scheduleKey(schedule))).isFalse();

        assertThat(admin.get("/schedules/no-such-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void theOverrideFormAddsAnOverrideThatTheTimelineMarks() {
        PageSession admin = admin();
        admin.get("/schedules/" + schedule);
        LocalDateTime start = LocalDateTime.now(BERLIN).plusDays(2).truncatedTo(ChronoUnit.HOURS);

        HttpResponse<String> wrong = admin.post("/schedules/" + schedule + "/overrides", "user", carol, "start", LOCAL.format(start),
                "end", LOCAL.format(start.minusHours(3)), "replaces", "", "note", "");
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(text(wrong)).contains("There is a problem").contains("id=\"end-error\"").contains("must be after the start")
                .contains("<option value=\"" + carol + "\" selected>");

        HttpResponse<String> added = admin.post("/schedules/" + schedule + "/overrides", "user", carol, "start", LOCAL.format(start),
                "end", LOCAL.format(start.plusDays(1)), "replaces", "", "note", "Alice at the dentist");
        assertThat(added.statusCode()).isEqualTo(302);
        assertThat(added.headers().firstValue("Location").orElseThrow()).endsWith("/schedules/" + schedule + "?added#overrides");
        List<ScheduleOverride> stored = onCall.overrides(schedule, Instant.now(), Instant.now().plus(Duration.ofDays(10)));
        assertThat(stored).singleElement().satisfies(override -> {
            assertThat(override.user()).isEqualTo(carol);
            assertThat(override.start()).isEqualTo(start.atZone(BERLIN).toInstant());
            assertThat(override.note()).isEqualTo("Alice at the dentist");
        });

        String page = text(admin.get("/schedules/" + schedule + "?added"));
        assertThat(page).contains("Override added.").contains("Alice at the dentist")
                .contains("<g class=\"shift override\" data-user=\"" + carol + "\"><title>Carol Cover: ")
                .contains("(override, covering Alice Able)</title>").contains("override, covering Alice Able</span>");

        HttpResponse<String> deleted = admin.post("/schedules/" + schedule + "/overrides/" + stored.get(0).id() + "/delete");
        assertThat(deleted.statusCode()).isEqualTo(302);
        assertThat(onCall.overrides(schedule, Instant.now(), Instant.now().plus(Duration.ofDays(10)))).isEmpty();
        assertThat(text(admin.get("/schedules/" + schedule + "?deleted"))).contains("Override deleted.").doesNotContain("Alice at the dentist");
    }

    @Test
    void policyPagesShowTiersInOrderWithWhoIsOnCallAndTheServicesUsingThem() {
        PageSession admin = admin();
        catalog.updateService("test", withPolicy(catalog.repository().service(service).orElseThrow(), policy));

        String list = text(admin.get("/escalation-policies"));
        assertThat(list).contains("href=\"/escalation-policies/" + policy + "\">Payments pager " + id + "</a>")
                .contains("href=\"/schedules/" + schedule + "\">Payments primary " + id + "</a>")
                .contains("<strong class=\"oncall-person\">Alice Able</strong>").contains("href=\"/services/" + service + "\">Payments API " + id);

        HttpResponse<String> page = admin.get("/escalation-policies/" + policy);
        assertThat(page.statusCode()).isEqualTo(200);
        String body = text(page);
        assertThat(body.indexOf("Tier 1")).isPositive().isLessThan(body.indexOf("Tier 2"));
        assertThat(body).contains("Escalates after <strong>10 min</strong> to tier 2.")
                .contains("<strong class=\"oncall-person\">Alice Able</strong>").contains("then Bob Backup")
                .contains("<span class=\"target-kind\">Person</span> <strong class=\"oncall-person\">Bob Backup</strong>")
                .contains("After 30 min without an acknowledgement: back to tier 1.").contains("Repeats: 1.")
                .contains("href=\"/services/" + service + "\">Payments API " + id + "</a>");
    }

    @Test
    void theServiceFormSetsTheEscalationPolicyAndServiceAndTeamPagesShowWhoIsOnCall() {
        PageSession admin = admin();
        String before = text(admin.get("/services/" + service));
        assertThat(before).contains("id=\"on-call\"").contains("No escalation policy: alerts page the admins.");

        String edit = text(admin.get("/services/" + service + "/edit"));
        assertThat(edit).contains("<select id=\"escalationPolicy\" name=\"escalationPolicy\"")
                .contains("<option value=\"\">None: alerts page the admins</option>").contains("<option value=\"" + policy + "\">");

        HttpResponse<String> saved = admin.post("/services/" + service, "name", "Payments API " + id, "description", "", "type", "service",
                "tier", "1", "lifecycle", "production", "owner", team, "system", "", "tags", "", "docs", "", "runbook", "", "repository", "",
                "dashboards", "", "dependsOn", "", "escalationPolicy", policy);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        assertThat(catalog.repository().service(service).orElseThrow().escalationPolicy()).isEqualTo(policy);
        assertThat(text(admin.get("/services/" + service + "/edit"))).contains("<option value=\"" + policy + "\" selected>");

        String page = text(admin.get("/services/" + service));
        assertThat(page).contains("href=\"/escalation-policies/" + policy + "\">Policy Payments pager " + id + "</a>")
                .contains("href=\"/schedules/" + schedule + "\">Payments primary " + id + "</a>:")
                .contains("<strong class=\"oncall-person\">Alice Able</strong>").contains("Then tier 2 after 10 min");

        // A form without the field (an older page) keeps the policy; choosing "None" clears it.
        admin.get("/services/" + service + "/edit");
        assertThat(admin.post("/services/" + service, "name", "Payments API " + id, "type", "service", "tier", "1", "lifecycle", "production",
                "owner", team).statusCode()).isEqualTo(302);
        assertThat(catalog.repository().service(service).orElseThrow().escalationPolicy()).isEqualTo(policy);
        admin.get("/services/" + service + "/edit");
        assertThat(admin.post("/services/" + service, "name", "Payments API " + id, "type", "service", "tier", "1", "lifecycle", "production",
                "owner", team, "escalationPolicy", "").statusCode()).isEqualTo(302);
        assertThat(catalog.repository().service(service).orElseThrow().escalationPolicy()).isNull();

        String teamPage = text(admin.get("/teams/" + team));
        assertThat(teamPage).contains("id=\"on-call\"").contains("<a href=\"/schedules/" + schedule + "\"><strong>Payments primary " + id)
                .contains("<strong class=\"oncall-person\">Alice Able</strong>").contains("href=\"/escalation-policies/" + policy + "\"");
    }

    @Test
    void notificationSettingsAreValidatedSavedWithoutEchoingSecretsAndTested() {
        String dana = "dana-" + id;
        createUser(dana, "Dana Duty");
        PageSession session = member(dana);

        String profile = text(session.get("/profile"));
        assertThat(profile).contains("href=\"/profile/notifications\"");
        HttpResponse<String> page = session.get("/profile/notifications");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(text(page)).contains("<h1>Notifications <span class=\"muted small\">" + dana + "</span></h1>")
                // No contact methods yet: pages go to the account's email, which can be tested too.
                .contains("your account's email").contains("/ical/users/" + dana + ".ics?key=" + feedKeys.personKey(dana));

        HttpResponse<String> invalid = session.post("/profile/notifications", "methodKey", "", "methodType", "sms", "methodName", "phone",
                "methodAddress", "12345", "methodSecret", "", "ruleMethod", "", "ruleAfter", "");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(text(invalid)).contains("There is a problem").contains("id=\"methodAddress-0-error\"")
                .contains("'12345' is not a phone number in E.164 form").contains("value=\"12345\"");
        assertThat(catalog.repository().user(dana).orElseThrow().contactMethods()).isEmpty();

        String slack = "http://127.0.0.1:9/services/T000/B000/secret-" + id;
        HttpResponse<String> saved = session.post("/profile/notifications",
                "methodKey", "", "methodType", "email", "methodName", "work-email", "methodAddress", dana + "@example.com", "methodSecret", "",
                "methodKey", "", "methodType", "slack", "methodName", "team-slack", "methodAddress", slack, "methodSecret", "",
                "ruleMethod", "work-email", "ruleAfter", "0", "ruleMethod", "team-slack", "ruleAfter", "5");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        User stored = catalog.repository().user(dana).orElseThrow();
        assertThat(stored.contactMethods()).containsExactly(new ContactMethod("work-email", ContactType.EMAIL, dana + "@example.com", null),
                new ContactMethod("team-slack", ContactType.SLACK, slack, null));
        assertThat(stored.notificationRules()).extracting(rule -> rule.contactMethod() + " " + rule.after().toMinutes())
                .containsExactly("work-email 0", "team-slack 5");

        String after = text(session.get("/profile/notifications?saved"));
        assertThat(after).contains("Saved: pages reach you as set below.").doesNotContain("secret-" + id)
                .contains("value=\"http://127.0.0.1:9/…\"").contains("<option value=\"team-slack\" selected>");

        // The masked URL posted back unchanged keeps the stored one; the rule on the removed method is refused.
        HttpResponse<String> removing = session.post("/profile/notifications",
                "methodKey", "work-email", "methodType", "email", "methodName", "work-email", "methodAddress", dana + "@example.com", "methodSecret", "",
                "methodKey", "team-slack", "methodType", "slack", "methodName", "team-slack", "methodAddress", "http://127.0.0.1:9/…", "methodSecret", "",
                "removeMethod", "1", "ruleMethod", "work-email", "ruleAfter", "0", "ruleMethod", "team-slack", "ruleAfter", "5");
        assertThat(removing.statusCode()).isEqualTo(422);
        assertThat(text(removing)).contains("id=\"ruleMethod-1-error\"").contains("'team-slack' is not one of this user's contact methods")
                .doesNotContain("secret-" + id);
        HttpResponse<String> kept = session.post("/profile/notifications",
                "methodKey", "work-email", "methodType", "email", "methodName", "work-email", "methodAddress", dana + "@example.com", "methodSecret", "",
                "methodKey", "team-slack", "methodType", "slack", "methodName", "team-slack", "methodAddress", "http://127.0.0.1:9/…", "methodSecret", "",
                "ruleMethod", "work-email", "ruleAfter", "0", "ruleMethod", "team-slack", "ruleAfter", "10");
        assertThat(kept.statusCode()).isEqualTo(302);
        assertThat(catalog.repository().user(dana).orElseThrow().contactMethods()).extracting(ContactMethod::address)
                .containsExactly(dana + "@example.com", slack);

        session.get("/profile/notifications");
        HttpResponse<String> test = session.post("/profile/notifications/test", "contactMethod", "work-email");
        assertThat(test.statusCode()).isEqualTo(302);
        assertThat(test.headers().firstValue("Location").orElseThrow()).endsWith("/profile/notifications?tested=work-email#recent");
        assertThat(sql.fetchCount(sql.selectFrom("notifications n join users u on u.id = n.user_id")
                .where("u.username = ? and n.kind = 'test' and n.contact_method = 'work-email' and n.channel = 'email'", dana))).isEqualTo(1);
        String tested = text(session.get("/profile/notifications?tested=work-email"));
        assertThat(tested).contains("Test sent to work-email: see its result below.").contains("<code>work-email</code>")
                .contains("id=\"recent-list\"");
    }

    @Test
    void theOnCallReportCountsPagesNightPagesHoursAndResponseTimes() {
        String erin = "erin-" + id;
        createUser(erin, "Erin Report");
        String reportTeam = "report-team-" + id;
        String reportService = "report-svc-" + id;
        assertThat(post("/api/v1/teams", "{\"slug\":\"%s\",\"name\":\"Report team %s\"}".formatted(reportTeam, id)).statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/services", "{\"slug\":\"%s\",\"name\":\"Report service %s\",\"owner\":\"%s\"}".formatted(reportService, id, reportTeam))
                .statusCode()).isEqualTo(201);
        // Erin was on call for five days, starting ten days ago: 120 hours.
        LocalDateTime start = LocalDateTime.now(ZoneOffset.UTC).minusDays(10).truncatedTo(ChronoUnit.HOURS);
        onCall.createSchedule("test", new Schedule("report-" + id, "Report " + id, "", null, ZoneOffset.UTC, List.of(
                new Layer("only", start, new RotationLength(1, ChronoUnit.WEEKS), List.of(erin), List.of(), start.plusDays(5)))));

        Instant now = Instant.now();
        long serviceId = sql.resultQuery("select id from services where slug = ?", reportService).fetchOne(0, Long.class);
        long userId = sql.resultQuery("select id from users where username = ?", erin).fetchOne(0, Long.class);
        // Acknowledged after 4 and 6 minutes (MTTA 5 min); resolved after 60, 30 and 10 minutes (MTTR 33 min 20 s).
        long first = group(serviceId, now.minus(Duration.ofDays(2)), Duration.ofMinutes(4), Duration.ofMinutes(60));
        long second = group(serviceId, now.minus(Duration.ofDays(3)), Duration.ofMinutes(6), Duration.ofMinutes(30));
        long third = group(serviceId, now.minus(Duration.ofDays(1)), null, Duration.ofMinutes(10));
        group(serviceId, now.minus(Duration.ofDays(40)), Duration.ofMinutes(1), Duration.ofMinutes(2));
        // The first group paged Erin at night by email and SMS (one page), the second by day; the third was cancelled in time.
        Instant night = now.minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(3));
        Instant day = now.minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(14));
        notification(first, userId, "email", night, "sent");
        notification(first, userId, "sms", night.plus(Duration.ofMinutes(5)), "sent");
        notification(second, userId, "email", day, "sent");
        notification(third, userId, "sms", now.minus(Duration.ofDays(1)), "cancelled");

        assertThat(reports.load(now.minus(Duration.ofDays(30)), now.plusSeconds(1))).filteredOn(load -> load.username().equals(erin))
                .singleElement().satisfies(load -> {
                    assertThat(load.pages()).isEqualTo(2);
                    assertThat(load.nightPages()).isEqualTo(1);
                    assertThat(load.onCall()).isEqualTo(Duration.ofHours(120));
                });

        PageSession admin = admin();
        HttpResponse<String> report = admin.get("/reports/oncall");
        assertThat(report.statusCode()).isEqualTo(200);
        String body = text(report);
        assertThat(body).contains("<title>On-call report · Andon</title>").contains("href=\"/reports/oncall?days=30\" aria-current=\"true\"")
                .contains("href=\"/schedules\" aria-current=\"page\">On call</a>").contains("22:00–07:00 <strong>UTC</strong>")
                .contains("class=\"bar-chart wide\"").contains("Erin Report");
        assertThat(row(body, "primary-cell\">Erin Report")).contains("<td data-label=\"Pages\" class=\"num\">2</td>")
                .contains("<td data-label=\"At night\" class=\"num night-text\">1</td>").contains("<td data-label=\"Hours on call\" class=\"num\">120 h</td>");
        assertThat(row(body, ">Report service " + id + "</a>")).contains("<td data-label=\"Alert groups\" class=\"num\">3</td>")
                .contains("<strong>5 min</strong>").contains("2 of 3 acknowledged").contains("<strong>33 min 20 s</strong>").contains("3 of 3 resolved")
                .contains("class=\"inline-bar\"");
        assertThat(row(body, ">Report team " + id + "</a>")).contains("<strong>5 min</strong>").contains("<strong>33 min 20 s</strong>");
        assertThat(row(text(admin.get("/reports/oncall?days=90")), ">Report service " + id + "</a>")).contains("<td data-label=\"Alert groups\" class=\"num\">4</td>");
    }

    @Test
    void theAlertPageShowsThePagingTimelineInWords() {
        long alert = triggerAlert();
        long group = sql.resultQuery("select group_id from alerts where id = ?", alert).fetchOne(0, Long.class);
        // What the escalation engine and the outbox write, in the order they write it.
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        log(group, at, "escalated", """
                {"policy": "%s", "tier": 1, "round": 1, "paged": [{"user": "%s", "via": "schedule %s"}, {"user": "%s", "via": "user",
                 "unreachable": true}, {"via": "schedule night-%s", "nobody": true}]}""".formatted(policy, alice, schedule, carol, id));
        log(group, at.plusSeconds(2), "notify-retry", """
                {"user": "%s", "channel": "sms", "contactMethod": "phone", "attempt": 1, "result": "retry: HTTP 503", "retryIn": "10s"}"""
                .formatted(alice));
        log(group, at.plusSeconds(12), "notified", """
                {"user": "%s", "channel": "sms", "contactMethod": "phone", "attempt": 2, "result": "sent: SM123"}""".formatted(alice));
        log(group, at.plusSeconds(13), "notify-failed", """
                {"user": "%s", "channel": "email", "contactMethod": "email", "attempt": 5, "result": "failed: 550 no such user"}""".formatted(alice));
        log(group, at.plusSeconds(60), "escalation-stopped", "{\"reason\": \"acknowledged\"}");
        PageSession admin = admin();

        String page = text(admin.get("/alerts/" + alert));
        assertThat(page).contains("<h2 id=\"paging-title\">Paging <span class=\"muted small\">UTC</span></h2>")
                .contains("<li class=\"tl-escalated\">").contains("<time datetime=\"" + at + "\">" + TimeText.second(at) + "</time>")
                .contains("Escalated to tier 1 of</strong> <a href=\"/escalation-policies/" + policy + "\">Payments pager " + id + "</a>")
                .contains("paged Alice Able (via schedule Payments primary " + id + "), Carol Cover (directly: no way to reach them), nobody on "
                        + "call for schedule night-" + id)
                .contains("<strong>Could not notify Alice Able by sms yet: trying again in 10s</strong>")
                .contains("contact method phone; retry: HTTP 503")
                .contains("<strong>Notified Alice Able by sms</strong>").contains("contact method phone, attempt 2; sent: SM123")
                .contains("<li class=\"tl-notify-failed\">").contains("<strong>Failed to notify Alice Able by email</strong>")
                .contains("<strong>Escalation stopped: acknowledged</strong>")
                .contains("<form class=\"inline reassign-form\" method=\"post\" action=\"/alerts/" + alert + "/reassign\">")
                .contains("<option value=\"" + bob + "\">Bob Backup (" + bob + ")</option>");
        // Its own ordered list, after the alert's timeline, oldest first.
        assertThat(page.indexOf("id=\"paging\"")).isGreaterThan(page.indexOf("id=\"timeline\""));
        assertThat(page.indexOf("Escalated to tier 1")).isLessThan(page.indexOf("Notified Alice Able")).isLessThan(page.indexOf("Escalation stopped"));
    }

    @Test
    void reassigningFromTheAlertPageHandsThePageToSomeoneElse() {
        long alert = triggerAlert();
        PageSession admin = admin();
        admin.get("/alerts/" + alert);

        HttpResponse<String> reassigned = admin.post("/alerts/" + alert + "/reassign", "username", bob);
        assertThat(reassigned.statusCode()).as(reassigned.body()).isEqualTo(302);
        assertThat(reassigned.headers().firstValue("Location").orElseThrow()).endsWith("/alerts/" + alert + "?reassigned=" + bob + "#paging");
        String after = text(admin.get("/alerts/" + alert + "?reassigned=" + bob));
        assertThat(after).contains("Reassigned to Bob Backup: they are paged now by their own notification rules.")
                .contains("<strong>Reassigned to Bob Backup</strong> <span class=\"muted\">by admin</span>")
                .contains("<strong>Reassigned to Bob Backup by admin.</strong>");
        assertThat(sql.fetchCount(sql.selectFrom("notifications n join users u on u.id = n.user_id")
                .where("u.username = ? and n.kind = 'reassign'", bob))).isPositive();

        assertThat(admin.post("/alerts/" + alert + "/reassign", "username", "").statusCode()).isEqualTo(422);
    }

    /** An alert on the service, which pages through the policy. */
    private long triggerAlert() {
        catalog.updateService("test", withPolicy(catalog.repository().service(service).orElseThrow(), policy));
        HttpResponse<String> integration = post("/api/v1/integrations", """
                {"slug": "events-%s", "title": "Prometheus %s", "service": "%s", "type": "events-v2"}""".formatted(id, id, service));
        assertThat(integration.statusCode()).as(integration.body()).isEqualTo(201);
        String key = json(integration).path("key").asString();
        HttpResponse<String> sent = send(HttpRequest.newBuilder(uri("/v2/enqueue")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"routing_key": "%s", "event_action": "trigger", "dedup_key": "latency-%s",
                         "payload": {"summary": "Payments latency high %s", "source": "prom", "severity": "critical"}}""".formatted(key, id, id)))
                .build());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        return json(get("/api/v1/alerts?state=all&service=" + service)).get(0).path("id").asLong();
    }

    private void log(long group, Instant at, String kind, String detail) {
        sql.execute("insert into paging_log (group_id, at, kind, actor, detail) values (?, ?::timestamptz, ?, 'andon', ?::jsonb)", group,
                at.atOffset(ZoneOffset.UTC), kind, detail);
    }

    private static dev.andon.catalog.Service withPolicy(dev.andon.catalog.Service service, String policy) {
        return new dev.andon.catalog.Service(service.slug(), service.name(), service.description(), service.type(), service.tier(),
                service.lifecycle(), service.ownerTeam(), service.system(), service.tags(), service.links(), service.dependencies(), policy);
    }

    /** A resolved alert group with one alert, written as the alert pipeline would have left it. */
    private long group(long serviceId, Instant opened, Duration acknowledgedAfter, Duration resolvedAfter) {
        OffsetDateTime openedAt = opened.atOffset(ZoneOffset.UTC);
        OffsetDateTime resolvedAt = opened.plus(resolvedAfter).atOffset(ZoneOffset.UTC);
        long group = sql.resultQuery("""
                insert into alert_groups (service_id, status, severity, title, opened_at, resolved_at)
                values (?, 'resolved', 'critical', 'Report test', ?::timestamptz, ?::timestamptz) returning id""", serviceId, openedAt, resolvedAt)
                .fetchOne(0, Long.class);
        sql.execute("""
                insert into alerts (origin, service_id, group_id, dedup_key, status, severity, summary, created_at, last_event_at,
                                    acknowledged_at, resolved_at)
                values ('api', ?, ?, ?, 'resolved', 'critical', 'Report test', ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::timestamptz)""", serviceId, group, "report-" + UUID.randomUUID(),
                openedAt, openedAt, acknowledgedAfter == null ? null : opened.plus(acknowledgedAfter).atOffset(ZoneOffset.UTC), resolvedAt);
        return group;
    }

    private void notification(long group, long userId, String channel, Instant at, String status) {
        sql.execute("""
                insert into notifications (idempotency_key, group_id, user_id, kind, channel, contact_method, address, due_at, status, created_at)
                values (?, ?, ?, 'page', ?, ?, 'x', ?::timestamptz, ?, ?::timestamptz)""", "report-" + UUID.randomUUID(), group, userId, channel, channel,
                at.atOffset(ZoneOffset.UTC), status, at.atOffset(ZoneOffset.UTC));
    }

    /** The table row holding {@code marker}. */
    private static String row(String body, String marker) {
        int at = body.indexOf(marker);
        assertThat(at).as("'" + marker + "' is on the page").isPositive();
        int start = body.lastIndexOf("<tr", at);
        return body.substring(start, body.indexOf("</tr>", at));
    }
}
