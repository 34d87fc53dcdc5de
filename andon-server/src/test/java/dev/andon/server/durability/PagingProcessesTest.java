package dev.andon.server.durability;

import static dev.andon.server.support.ServerProcesses.awaitReady;
import static dev.andon.server.support.ServerProcesses.basic;
import static dev.andon.server.support.ServerProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.andon.server.AndonMain;
import dev.andon.server.support.TestPostgres;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Paging end to end on real processes: `andon server` started as its own JVM, events posted to
 * /v2/enqueue, email through a real SMTP server (GreenMail, in this JVM), links followed over HTTP;
 * and two server nodes on one PostgreSQL, one killed with SIGKILL while escalation steps are
 * pending, every step still firing exactly once and on time.
 */
class PagingProcessesTest {
    private static final String PASSWORD = "paging-process-test";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ACKNOWLEDGE_LINK = Pattern.compile("(http://[^\\s\"<>]+/a/[A-Za-z0-9_.-]+)");

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dataDir;

    @Test
    void theFirstTiersEmailLinkAcknowledgesAndTheNextTierIsNeverPaged() throws Exception {
        int port = freePort();
        Process server = start("single", port, Map.of("ANDON_DATA_DIR", dataDir.resolve("data").toString(),
                "ANDON_DATABASE_EMBEDDED_PORT", Integer.toString(freePort())));
        try {
            awaitReady(client, port, server);
            String token = token(port);
            api(port, token, "POST", "/api/v1/users", "{\"username\":\"alice\",\"email\":\"alice@example.com\"}", 201);
            api(port, token, "POST", "/api/v1/users", "{\"username\":\"bob\",\"email\":\"bob@example.com\"}", 201);
            api(port, token, "POST", "/api/v1/schedules", """
                    {"slug": "primary", "timezone": "Europe/Berlin",
                     "layers": [{"name": "weekly", "start": "2026-01-05T09:00", "shift": "1w", "users": ["alice"]}]}""", 201);
            api(port, token, "POST", "/api/v1/escalation-policies", """
                    {"slug": "checkout", "tiers": [{"targets": [{"schedule": "primary"}], "escalateAfter": "1m"},
                                                   {"targets": [{"user": "bob"}]}]}""", 201);
            api(port, token, "POST", "/api/v1/services", "{\"slug\": \"checkout\", \"name\": \"Checkout\", \"escalationPolicy\": \"checkout\"}", 201);
            String key = JSON.readTree(api(port, token, "POST", "/api/v1/integrations",
                    "{\"slug\": \"pd\", \"service\": \"checkout\", \"type\": \"events-v2\"}", 201)).path("key").asString();

            Instant triggered = Instant.now();
            HttpResponse<String> event = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/enqueue"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                            {"routing_key": "%s", "event_action": "trigger", "dedup_key": "checkout-5xx",
                             "payload": {"summary": "Checkout returns 500s", "source": "checkout-1", "severity": "critical"}}""".formatted(key)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(event.statusCode()).as(event.body()).isEqualTo(202);

            assertThat(mail.waitForIncomingEmail(15_000, 1)).as("alice's page arrives").isTrue();
            MimeMessage page = mail.getReceivedMessages()[0];
            assertThat(page.getAllRecipients()[0].toString()).isEqualTo("alice@example.com");
            assertThat(page.getSubject()).contains("Checkout returns 500s").contains("CRITICAL");
            Matcher link = ACKNOWLEDGE_LINK.matcher(GreenMailUtil.getBody(page).replace("=\r\n", "").replace("=3D", "="));
            assertThat(link.find()).as("the email carries the acknowledge link").isTrue();
            String acknowledge = link.group(1);
            assertThat(acknowledge).startsWith("http://localhost:" + port + "/a/");

            // Following the link: a page with one button (no sign-in), then the press.
            HttpResponse<String> confirm = client.send(HttpRequest.newBuilder(URI.create(acknowledge)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(confirm.statusCode()).isEqualTo(200);
            assertThat(confirm.body()).contains("Checkout returns 500s").contains("id=\"link-act\"");
            String cookie = confirm.headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith("SESSION="))
                    .map(value -> value.substring(0, value.indexOf(';'))).findFirst().orElseThrow();
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(confirm.body());
            assertThat(csrf.find()).isTrue();
            HttpResponse<String> pressed = client.send(HttpRequest.newBuilder(URI.create(acknowledge)).header("Cookie", cookie)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pressed.statusCode()).isEqualTo(200);
            assertThat(pressed.body()).contains("id=\"link-done\"").contains("acknowledged");

            // The second tier was due one minute after the page; wait past it, and then some.
            long waitMillis = Duration.between(Instant.now(), triggered.plus(Duration.ofSeconds(66))).toMillis();
            if (waitMillis > 0) {
                Thread.sleep(waitMillis);
            }
            assertThat(mail.getReceivedMessages()).as("bob is never paged").hasSize(1);
            String alerts = api(port, token, "GET", "/api/v1/alerts?service=checkout&state=all", null, 200);
            long alertId = JSON.readTree(alerts).get(0).path("id").asLong();
            String timeline = api(port, token, "GET", "/api/v1/alerts/" + alertId + "/paging", null, 200);
            assertThat(timeline).contains("escalated").contains("notified").contains("escalation-stopped").doesNotContain("\"bob\"");

            HttpResponse<String> again = client.send(HttpRequest.newBuilder(URI.create(acknowledge)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).as("a link works once").isEqualTo(410);
        } finally {
            stopAll();
        }
    }

    @Test
    void withTwoNodesOnOneDatabaseEveryPendingStepFiresOnceAndOnTimeAfterOneIsKilled() throws Exception {
        String database = TestPostgres.newDatabase();
        Map<String, List<String>> received = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.computeIfAbsent(exchange.getRequestURI().getPath(), path -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Map<String, String> shared = Map.of("ANDON_DATABASE_URL", database, "ANDON_DATABASE_USER", "postgres", "ANDON_DATABASE_PASSWORD", "",
                "ANDON_SECRET_KEY", Base64.getEncoder().encodeToString(secret));
        int first = freePort();
        int second = freePort();
        try {
            Process doomed = start("node-a", first, shared);
            awaitReady(client, first, doomed);
            Process survivor = start("node-b", second, shared);
            awaitReady(client, second, survivor);
            String token = token(first);
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort();
            for (String user : List.of("alice", "bob")) {
                api(first, token, "POST", "/api/v1/users", """
                        {"username": "%s", "contactMethods": [{"name": "hook", "type": "webhook", "address": "%s/%s"}]}"""
                        .formatted(user, hook, user), 201);
            }
            api(first, token, "POST", "/api/v1/escalation-policies", """
                    {"slug": "two-tiers", "tiers": [{"targets": [{"user": "alice"}], "escalateAfter": "1m"}, {"targets": [{"user": "bob"}]}]}""",
                    201);
            int services = 20;
            List<String> keys = new ArrayList<>();
            for (int index = 0; index < services; index++) {
                api(first, token, "POST", "/api/v1/services", "{\"slug\": \"svc-%d\", \"name\": \"Service %d\", \"escalationPolicy\": \"two-tiers\"}"
                        .formatted(index, index), 201);
                keys.add(JSON.readTree(api(first, token, "POST", "/api/v1/integrations",
                        "{\"slug\": \"pd-%d\", \"service\": \"svc-%d\", \"type\": \"events-v2\"}".formatted(index, index), 201)).path("key").asString());
            }
            for (int index = 0; index < services; index++) {
                // Half the events through each node: both schedule steps.
                int port = index % 2 == 0 ? first : second;
                HttpResponse<String> event = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/enqueue"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                                {"routing_key": "%s", "event_action": "trigger", "payload": {"summary": "down %d", "source": "s", "severity": "error"}}"""
                                .formatted(keys.get(index), index))).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(event.statusCode()).isEqualTo(202);
            }
            awaitCount(received, "/alice", services, Duration.ofSeconds(20));

            // Every second-tier step is now pending, due a minute after its first tier fired: kill one node.
            assertThat(count(database, "select count(*) from scheduled_tasks where task_name = 'escalation-step'")).isEqualTo(services);
            doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(doomed.isAlive()).isFalse();

            awaitCount(received, "/bob", services, Duration.ofSeconds(90));
            Thread.sleep(3_000);
            // Each second tier fired exactly once: one notification (one idempotency key) per page. Delivery
            // is at least once: an attempt the receiver got but that timed out on a loaded machine is
            // sent again with the same key, and such a repeat must show as a recorded retry.
            for (String user : List.of("alice", "bob")) {
                List<String> delivered = List.copyOf(received.get("/" + user));
                assertThat(delivered.stream().distinct().count()).as("%s's distinct pages", user).isEqualTo(services);
                long retries = count(database, ("select coalesce(sum(n.attempts - 1), 0) from notifications n join users u on u.id = n.user_id "
                        + "where u.username = '%s'").formatted(user));
                assertThat(delivered.size() - services).as("%s's repeated deliveries, each a recorded retry", user).isLessThanOrEqualTo((int) retries);
            }
            assertThat(count(database, "select count(*) from escalation_steps where step = 1")).isEqualTo(services);
            long late = count(database, "select count(*) from escalation_steps where step = 1 and fired_at - due_at > interval '1 second'");
            assertThat(late).as("second-tier steps more than 1 s late").isZero();
        } finally {
            receiver.stop(0);
            stopAll();
        }
    }

    private static void awaitCount(Map<String, List<String>> received, String path, int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && received.getOrDefault(path, List.of()).size() < count) {
            Thread.sleep(100);
        }
        assertThat(received.getOrDefault(path, List.of())).as(path + " within " + within).hasSizeGreaterThanOrEqualTo(count);
    }

    private static long count(String database, String query) throws Exception {
        try (Connection connection = DriverManager.getConnection(database, "postgres", ""); ResultSet result = connection.createStatement()
                .executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private Process start(String name, int port, Map<String, String> environment) throws IOException {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(javaCommand, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), AndonMain.class.getName(), "server", "--server.port=" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve(name + ".log").toFile()));
        builder.environment().remove("ANDON_DATABASE_URL");
        builder.environment().put("ANDON_ADMIN_PASSWORD", PASSWORD);
        builder.environment().put("ANDON_DATA_DIR", dataDir.resolve(name).toString());
        builder.environment().put("ANDON_NOTIFY_SMTP_HOST", "127.0.0.1");
        builder.environment().put("ANDON_NOTIFY_SMTP_PORT", Integer.toString(mail.getSmtp().getPort()));
        builder.environment().put("ANDON_PAGING_BASE_URL", "http://localhost:" + port);
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private void stopAll() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private String token(int port) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tokens"))
                .header("Authorization", basic(PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"t\",\"scopes\":[\"read\",\"write\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("token").asString();
    }

    private String api(int port, String token, String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body();
    }
}
