package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.probe.ProbeResult;
import dev.andon.server.checks.CheckService;
import dev.andon.server.checks.ResultWriter;
import dev.andon.server.support.AndonServerTest;
import dev.andon.server.support.PageSession;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The check, heartbeat and agent pages over plain HTTP against the real server. Results are handed
 * to the result writer directly, for locations no agent serves, so nothing probes and nothing flaps.
 */
class CheckPagesTest extends AndonServerTest {

    @Autowired
    ResultWriter writer;

    @Autowired
    CheckService checks;

    private PageSession admin() {
        PageSession session = pageSession();
        session.get("/login");
        HttpResponse<String> response = session.post("/login", "username", "admin", "password", ADMIN_PASSWORD);
        assertThat(response.headers().firstValue("Location")).hasValue(uri("/").toString());
        session.get("/checks"); // the token changes on sign-in
        return session;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** JTE escapes quotes in text too; the tests read the text as a person would. */
    private static String text(HttpResponse<String> response) {
        return response.body().replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    private String service(String name) {
        String slug = unique(name.toLowerCase());
        assertThat(post("/api/v1/services", "{\"slug\":\"" + slug + "\",\"name\":\"" + name + " service\",\"tier\":2}").statusCode()).isEqualTo(201);
        return slug;
    }

    /** A check run only from locations no agent serves: it changes only by the results a test hands in. */
    private String check(String service, String name, boolean paused, String... locations) {
        String slug = unique(name.toLowerCase().replace(' ', '-'));
        String body = "{\"slug\":\"" + slug + "\",\"name\":\"" + name + "\",\"service\":\"" + service + "\",\"type\":\"tcp\","
                + "\"tcp\":{\"host\":\"127.0.0.1\",\"port\":1},\"interval\":\"1m\",\"paused\":" + paused
                + ",\"locations\":[\"" + String.join("\",\"", locations) + "\"]}";
        HttpResponse<String> created = post("/api/v1/checks", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return slug;
    }

    private static ProbeResult up(String answer, long millis) {
        return new ProbeResult(ProbeResult.Status.UP, "connected", null,
                Map.of("dns", Duration.ofMillis(2), "connect", Duration.ofMillis(millis)), Map.of("dns.answer", answer, "tcp.address", answer + ":443"));
    }

    private static ProbeResult refused(String answer) {
        return new ProbeResult(ProbeResult.Status.DOWN, "connection refused", "connect",
                Map.of("dns", Duration.ofMillis(3), "connect", Duration.ofMillis(1)), Map.of("dns.answer", answer));
    }

    private void submit(String slug, Object... locationsAndResults) throws Exception {
        long id = checks.store().find(slug).orElseThrow().id();
        Instant at = Instant.now().minusSeconds(30);
        List<ResultWriter.Submitted> results = new ArrayList<>();
        for (int i = 0; i < locationsAndResults.length; i += 2) {
            results.add(new ResultWriter.Submitted(UUID.randomUUID(), id, (String) locationsAndResults[i], at.plusMillis(i * 100L),
                    (ProbeResult) locationsAndResults[i + 1], false));
        }
        writer.submit(results).get(10, TimeUnit.SECONDS);
    }

    /** A check down from outside and up from inside, where DNS answers differ. */
    private String splitCheck(String service) throws Exception {
        String slug = check(service, "Split brain", false, "outside", "inside");
        submit(slug, "outside", refused("203.0.113.7"), "inside", up("10.0.0.7", 12),
                "outside", refused("203.0.113.7"), "inside", up("10.0.0.7", 30));
        assertThat(json(get("/api/v1/checks/" + slug)).path("status").asString()).isEqualTo("down");
        return slug;
    }

    @Test
    void checkPagesNeedSignIn() {
        PageSession anonymous = pageSession();
        for (String path : List.of("/checks", "/checks/anything", "/heartbeats", "/heartbeats/anything", "/agents")) {
            HttpResponse<String> response = anonymous.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElseThrow()).as(path).endsWith("/login");
        }
    }

    @Test
    void listPutsDownChecksFirstWithStatusInWordsAndSparklines() throws Exception {
        String service = service("Listing");
        String down = splitCheck(service);
        String paused = check(service, "Sleeping", true, "outside");
        PageSession admin = admin();

        HttpResponse<String> list = admin.get("/checks?service=" + service);
        assertThat(list.statusCode()).isEqualTo(200);
        String body = text(list);
        assertThat(body).contains("<a href=\"/checks/" + down + "\">Split brain</a>", "<a href=\"/checks/" + paused + "\">Sleeping</a>")
                .contains("<span class=\"status status-down\">Down</span>", "<span class=\"status status-paused\">Paused</span>")
                .contains("outside: connection refused")
                .contains("<a href=\"/services/" + service + "\">Listing service</a>")
                .contains("127.0.0.1:1")
                .contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\"")
                .contains("2 checks")
                .contains("<a href=\"/checks\" aria-current=\"page\">Checks</a>");
        assertThat(body.indexOf("/checks/" + down)).isLessThan(body.indexOf("/checks/" + paused));

        String onlyPaused = text(admin.get("/checks?status=paused&service=" + service));
        assertThat(onlyPaused).contains("/checks/" + paused).doesNotContain("/checks/" + down + "\"").contains("<option value=\"paused\" selected>");
        assertThat(text(admin.get("/checks?status=up&service=" + service))).contains("No checks match");
    }

    @Test
    void checkPageShowsWhereLocationsDisagreeUptimeLatencyAndHistory() throws Exception {
        String service = service("Detail");
        String slug = splitCheck(service);
        PageSession admin = admin();

        HttpResponse<String> page = admin.get("/checks/" + slug);
        assertThat(page.statusCode()).isEqualTo(200);
        String body = text(page);
        assertThat(body).contains("<title>Split brain (check) · Andon</title>")
                .contains("<span class=\"status status-down\">Down</span>")
                .contains("<code>127.0.0.1:1</code>")
                .contains("every 1m, timeout 10s")
                .contains("Down when any location is down")
                .contains("<a href=\"/services/" + service + "\"><strong>Detail service</strong></a>");
        // Where it fails: the finding on top, the differing rows marked in words as well as colour.
        assertThat(body).contains("DNS answers differ between outside (203.0.113.7) and inside (10.0.0.7)")
                .contains("Connect fails only from outside")
                .contains("<tr class=\"differs\">")
                .contains("DNS answer <span class=\"differs-label\">differs</span>")
                .contains("No agent is set up for this location");
        // Uptime: the windows with percentiles, and 90 day bars where the days without data are grey.
        assertThat(body).contains("<th scope=\"row\">24h</th>", "<th scope=\"row\">90d</th>");
        assertThat(body).containsPattern("<th scope=\"row\">24h</th>\\s*<td>[0-9.]+%</td>\\s*<td>[0-9.]+ ms</td>");
        String days = body.substring(body.indexOf("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"days\""));
        days = days.substring(0, days.indexOf("</svg>"));
        assertThat(Pattern.compile("<rect class=\"bar bar-").matcher(days).results().count()).isEqualTo(90);
        assertThat(Pattern.compile("class=\"bar bar-missing\"").matcher(days).results().count()).isGreaterThanOrEqualTo(89);
        // Latency: one p50 and one p95 line per location, with a legend naming them.
        String chart = body.substring(body.indexOf("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"latency wide\""));
        chart = chart.substring(0, chart.indexOf("</svg>"));
        assertThat(Pattern.compile("class=\"line latency-p50 ").matcher(chart).results().count()).isEqualTo(2);
        assertThat(Pattern.compile("class=\"line latency-p95 ").matcher(chart).results().count()).isEqualTo(2);
        assertThat(body).contains("class=\"latency narrow\"");
        assertThat(body).contains("aria-label=\"Legend of the latency chart\"").contains("stroke=\"" + CheckCharts.locationColour(1) + "\"");
        // State changes from the event log, and the latest results.
        assertThat(body).containsPattern("<td data-label=\"New status\"><span><span class=\"status status-down\">Down</span>")
                .contains("<td data-label=\"Failed phase\"><code>connect</code></td>")
                .contains("<td data-label=\"Message\">connection refused</td>")
                .contains("<th scope=\"col\">Duration</th>");
        assertThat(body).contains("check.created");

        String lastHour = text(admin.get("/checks/" + slug + "?range=1h"));
        assertThat(lastHour).contains("<a href=\"/checks/" + slug + "?range=1h#latency\" aria-current=\"true\">Last hour</a>")
                .contains("class=\"line latency-p50 location-0\"");
        assertThat(admin.get("/checks/" + unique("missing")).statusCode()).isEqualTo(404);
    }

    @Test
    void aCheckWithoutResultsSaysNoData() {
        String service = service("Quiet");
        String slug = check(service, "Quiet one", true, "outside");
        String body = text(admin().get("/checks/" + slug));
        assertThat(body).contains("<span class=\"status status-paused\">Paused</span>")
                .contains("No results to compare yet.")
                .contains("No timings in the last 24 hours.")
                .contains("No results yet.")
                .containsPattern("<th scope=\"row\">7d</th>\\s*<td>no data</td>");
        assertThat(body).doesNotContain("bar bar-up");
    }

    @Test
    void pauseAndResumeAreFormsWithTheCsrfToken() {
        String service = service("Pausing");
        String slug = check(service, "Pausable", true, unique("nowhere"));
        PageSession admin = admin();
        admin.get("/checks/" + slug);

        assertThat(admin.postRaw("/checks/" + slug + "/resume").statusCode()).isEqualTo(403);
        HttpResponse<String> resumed = admin.post("/checks/" + slug + "/resume");
        assertThat(resumed.statusCode()).isEqualTo(302);
        assertThat(resumed.headers().firstValue("Location").orElseThrow()).endsWith("/checks/" + slug);
        assertThat(json(get("/api/v1/checks/" + slug)).path("status").asString()).isEqualTo("pending");
        assertThat(text(admin.get("/checks/" + slug))).contains("<span class=\"status status-unknown\">Pending</span>")
                .contains("<button type=\"submit\">Pause</button>");

        assertThat(admin.post("/checks/" + slug + "/pause").statusCode()).isEqualTo(302);
        assertThat(json(get("/api/v1/checks/" + slug)).path("status").asString()).isEqualTo("paused");
        assertThat(text(admin.get("/checks/" + slug))).contains("<button type=\"submit\" class=\"primary\">Resume</button>")
                .contains("paused");

        assertThat(admin.post("/checks/" + slug + "/delete").headers().firstValue("Location").orElseThrow()).endsWith("/checks?deleted=" + slug);
        assertThat(get("/api/v1/checks/" + slug).statusCode()).isEqualTo(404);
    }

    @Test
    void servicePageListsItsChecksAndHeartbeats() throws Exception {
        String service = service("Watched");
        String slug = splitCheck(service);
        String heartbeat = unique("nightly");
        assertThat(post("/api/v1/heartbeats", "{\"slug\":\"" + heartbeat + "\",\"name\":\"Nightly backup\",\"service\":\"" + service
                + "\",\"cron\":\"0 2 * * *\",\"timezone\":\"Europe/Amsterdam\",\"grace\":\"30m\"}").statusCode()).isEqualTo(201);
        PageSession admin = admin();

        String body = text(admin.get("/services/" + service));
        assertThat(body).contains("<h2 id=\"checks-title\">Checks</h2>")
                .contains("<a href=\"/checks/" + slug + "\">Split brain</a>")
                .contains("<span class=\"status status-down\">Down</span>")
                .contains("<a href=\"/heartbeats/" + heartbeat + "\">Nightly backup</a>")
                .contains("cron \"0 2 * * *\" Europe/Amsterdam")
                .contains("<span class=\"status status-unknown\">New</span>")
                .contains("class=\"spark\"");

        String lonely = service("Unwatched");
        assertThat(text(admin.get("/services/" + lonely))).contains("No checks or heartbeats watch this service.");
        assertThat(admin.get("/services/" + lonely + "/edit").body()).doesNotContain("checks-title");
    }

    @Test
    void heartbeatShowsItsPingUrlInFullOnlyInTheAnswerThatMadeIt() {
        String service = service("Jobs");
        String slug = unique("backup");
        HttpResponse<String> created = post("/api/v1/heartbeats", "{\"slug\":\"" + slug + "\",\"name\":\"Backup\",\"service\":\"" + service
                + "\",\"period\":\"1h\",\"grace\":\"10m\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String firstKey = json(created).path("pingKey").asString();
        PageSession admin = admin();

        String list = text(admin.get("/heartbeats"));
        assertThat(list).contains("<a href=\"/heartbeats/" + slug + "\">Backup</a>").contains("<code>every 1h</code>")
                .contains("<td data-label=\"Grace\">10m</td>");

        String page = text(admin.get("/heartbeats/" + slug));
        String prefix = json(get("/api/v1/heartbeats/" + slug)).path("pingKeyPrefix").asString();
        assertThat(page).contains("<span class=\"status status-unknown\">New</span>")
                .contains("/ping/" + prefix + "…</code>")
                .contains("Show a new ping URL")
                .contains("curl -fsS -m 10 --retry 5 -o /dev/null \"$PING_URL/start\"");
        assertThat(page).doesNotContain(firstKey);

        HttpResponse<String> rotated = admin.post("/heartbeats/" + slug + "/rotate-key");
        assertThat(rotated.statusCode()).isEqualTo(200);
        String answer = text(rotated);
        Matcher url = Pattern.compile("value=\"(http://localhost:" + port + "/ping/([A-Za-z0-9_-]{32}))\"").matcher(answer);
        assertThat(url.find()).as("the full ping URL in the answer").isTrue();
        String pingUrl = url.group(1);
        String key = url.group(2);
        assertThat(answer).contains("Your new ping URL").contains("it will not be shown again")
                .contains("curl -fsS -m 10 --retry 5 -o /dev/null \"" + pingUrl + "\"")
                .contains("\"" + pingUrl + "/start\"")
                .contains("\"" + pingUrl + "/fail\"")
                .contains("\"" + pingUrl + "/$?\"")
                .contains("\"" + pingUrl + "/start?rid=$RID\"");

        assertThat(send(HttpRequest.newBuilder(uri("/ping/" + key)).GET().build()).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/ping/" + key + "/fail")).POST(HttpRequest.BodyPublishers.ofString("disk full")).build())
                .statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/ping/" + firstKey)).GET().build()).statusCode()).isEqualTo(404);

        String after = text(admin.get("/heartbeats/" + slug));
        assertThat(after).doesNotContain(key).contains("/ping/" + key.substring(0, 6) + "…")
                .contains("<span class=\"status status-down\">Down</span>")
                .contains("<span class=\"kind ping-success\">success</span>")
                .contains("<span class=\"kind ping-fail\">fail</span>")
                .contains("<code>disk full</code>");

        HttpResponse<String> paused = admin.post("/heartbeats/" + slug + "/pause");
        assertThat(paused.statusCode()).isEqualTo(302);
        assertThat(text(admin.get("/heartbeats/" + slug))).contains("<span class=\"status status-paused\">Paused</span>");
        assertThat(admin.post("/heartbeats/" + slug + "/resume").statusCode()).isEqualTo(302);
    }

    @Test
    void creatingALocationShowsItsTokenOnceWithTheCommandThatStartsTheAgent() {
        String location = unique("office");
        PageSession admin = admin();
        admin.get("/agents");

        HttpResponse<String> created = admin.post("/agents", "location", location, "description", "The <office> rack");
        assertThat(created.statusCode()).isEqualTo(201);
        String body = text(created);
        Matcher token = Pattern.compile("value=\"(andon_agent_[A-Za-z0-9_-]+)\"").matcher(body);
        assertThat(token.find()).isTrue();
        assertThat(body).contains("Location " + location + " created")
                .contains("./andon agent --server http://localhost:" + port + " --token " + token.group(1) + " --location " + location)
                .contains("The &lt;office&gt; rack");

        String list = text(admin.get("/agents"));
        assertThat(list).contains("<strong>" + location + "</strong>").contains("Never connected").doesNotContain(token.group(1));

        // The agent calls in with its token: the page shows it connected, with its address and version.
        HttpResponse<String> assignments = send(HttpRequest.newBuilder(uri("/api/v1/agent/assignments"))
                .header("Authorization", "Bearer " + token.group(1)).header("User-Agent", "andon-agent/9.9").GET().build());
        assertThat(assignments.statusCode()).isEqualTo(200);
        assertThat(text(admin.get("/agents"))).contains("<span class=\"status status-ok\">Connected</span>").contains("andon-agent/9.9");

        HttpResponse<String> rotated = admin.post("/agents/" + location + "/rotate-token");
        assertThat(rotated.statusCode()).isEqualTo(200);
        Matcher newToken = Pattern.compile("value=\"(andon_agent_[A-Za-z0-9_-]+)\"").matcher(text(rotated));
        assertThat(newToken.find()).isTrue();
        assertThat(newToken.group(1)).isNotEqualTo(token.group(1));
        assertThat(text(rotated)).contains("New token for " + location).contains("The old token no longer works");

        HttpResponse<String> invalid = admin.post("/agents", "location", "Not A Slug!", "description", "");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(text(invalid)).contains("id=\"location-error\"").contains("aria-invalid=\"true\"").contains("value=\"Not A Slug!\"");
        HttpResponse<String> twice = admin.post("/agents", "location", location, "description", "");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(text(twice)).contains("already has an agent token");

        HttpResponse<String> deleted = admin.post("/agents/" + location + "/delete");
        assertThat(deleted.headers().firstValue("Location").orElseThrow()).endsWith("/agents?deleted=" + location);
        assertThat(text(admin.get("/agents?deleted=" + location))).contains("Location " + location + " deleted")
                .doesNotContain("<strong>" + location + "</strong>");
    }

    @Test
    void locationsThatChecksNameWithoutAnAgentAreFlagged() {
        String service = service("Orphan");
        String location = unique("mars");
        String slug = check(service, "Far away", true, location);
        assertThat(text(admin().get("/agents"))).contains("Checks name locations that have no agent")
                .contains("<code>" + location + "</code>: <a href=\"/checks/" + slug + "\">" + slug + "</a>");
    }
}
