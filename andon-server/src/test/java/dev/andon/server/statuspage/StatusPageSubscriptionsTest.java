package dev.andon.server.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.andon.server.paging.channels.WebhookChannel;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jclouds.blobstore.domain.Blob;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subscriptions and bucket publishing end to end, in a server of their own: email double opt-in and
 * one-click unsubscribe through GreenMail, webhooks with signatures and retries through a local HTTP
 * server, and every publish copied to s3proxy. db-scheduler runs for real, so messages leave through
 * its tasks exactly as in production.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "andon.paging.base-url=" + StatusPageSubscriptionsTest.BASE_URL, "andon.status.subscriptions.retry-delay=200ms",
        "andon.status.subscriptions.requests-per-window=3", "andon.status.s3.prefix=sites/"})
class StatusPageSubscriptionsTest {
    static final String BASE_URL = "https://andon.example.com";
    private static final String PASSWORD = "subscriptions-test-admin";
    private static final String WEBHOOK_SECRET = "hook-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static final S3ProxyServer S3 = start();
    private static final HttpServer RECEIVER;
    private static final List<Map<String, String>> received = Collections.synchronizedList(new ArrayList<>());
    private static final AtomicInteger failuresToServe = new AtomicInteger();
    private static String token;

    static {
        try {
            RECEIVER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        RECEIVER.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failuresToServe.getAndUpdate(left -> Math.max(0, left - 1)) > 0 ? 503 : 204;
            received.add(Map.of("status", Integer.toString(status), "body", body,
                    "timestamp", String.valueOf(exchange.getRequestHeaders().getFirst("X-Andon-Timestamp")),
                    "signature", String.valueOf(exchange.getRequestHeaders().getFirst("X-Andon-Signature")),
                    "key", String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key"))));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        RECEIVER.start();
    }

    private static S3ProxyServer start() {
        try {
            return new S3ProxyServer();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    DSLContext sql;
    @Autowired
    StatusPageService service;
    @Autowired
    StatusSubscriptionPages subscriptionPages;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String url = TestPostgres.newDatabase();
        registry.add("andon.database.url", () -> url);
        registry.add("andon.database.user", () -> "postgres");
        registry.add("andon.database.password", () -> "");
        registry.add("andon.admin-password", () -> PASSWORD);
        MAIL.start();
        registry.add("andon.notify.smtp.host", () -> "127.0.0.1");
        registry.add("andon.notify.smtp.port", () -> MAIL.getSmtp().getPort());
        registry.add("andon.notify.smtp.from", () -> "status@example.com");
        StatusProperties.S3 s3 = S3.settings("sites/");
        registry.add("andon.status.s3.bucket", s3::bucket);
        registry.add("andon.status.s3.endpoint", s3::endpoint);
        registry.add("andon.status.s3.access-key", s3::accessKey);
        registry.add("andon.status.s3.secret-key", s3::secretKey);
    }

    @AfterAll
    static void stop() throws Exception {
        MAIL.stop();
        RECEIVER.stop(0);
        S3.close();
    }

    @Test
    void emailSubscribersConfirmReceivePublicUpdatesAndUnsubscribeInOneClick() throws Exception {
        StatusPageFixture rows = new StatusPageFixture(sql);
        long api = rows.service("mail-api-" + rows.id, "API");
        String slug = page(rows);
        assertThat(post("/api/v1/status-pages/" + slug + "/components", "{\"name\":\"API\",\"service\":\"mail-api-%s\"}".formatted(rows.id))
                .statusCode()).isEqualTo(201);
        String address = "reader-" + rows.id + "@example.com";

        HttpResponse<String> served = send(HttpRequest.newBuilder(uri("/status/" + slug)).GET().build());
        assertThat(served.body()).contains("action=\"/status/" + slug + "/subscribe\"");
        HttpResponse<String> first = subscribe(slug, address);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("a message with a confirmation link is on its way");
        assertThat(subscribe(slug, "not an address").body()).as("the same answer for anything").isEqualTo(first.body());
        assertThat(subscribe(slug, address.toUpperCase()).body()).as("a repeat sends no second confirmation within the hour").isEqualTo(first.body());
        assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage confirmation = only(address);
        assertThat(confirmation.getSubject()).isEqualTo("Confirm your subscription to Shop " + rows.id + " status");
        String text = GreenMailUtil.getBody(confirmation);
        String confirm = link(text, "confirm");
        String unsubscribe = link(text, "unsubscribe");
        assertThat(text).contains("List-Unsubscribe: <");

        // Unconfirmed: a maintenance notice reaches nobody.
        HttpResponse<String> maintenance = post("/api/v1/status-pages/" + slug + "/maintenances", """
                {"title":"Database upgrade","body":"Read-only for ten minutes.","scheduled_for":"2099-01-01T02:00:00Z",
                 "scheduled_until":"2099-01-01T03:00:00Z"}""");
        assertThat(maintenance.statusCode()).isEqualTo(201);
        String confirmToken = confirm.substring(confirm.lastIndexOf('/') + 1);
        assertThat(send(HttpRequest.newBuilder(uri("/status/" + slug + "/confirm/" + confirmToken.substring(0, confirmToken.indexOf('.')) + ".forged"))
                .GET().build()).statusCode()).as("a forged confirm link").isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(uri("/status/" + slug + "/unsubscribe/" + confirmToken)).GET().build()).statusCode())
                .as("a confirm signature does not unsubscribe").isEqualTo(404);
        HttpResponse<String> confirmed = send(HttpRequest.newBuilder(local(confirm)).GET().build());
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("Subscribed");

        long incident = rows.incident("Checkout errors", "SEV2", "investigating", "internal summary", "x", Instant.now().minusSeconds(120), api);
        rows.update(incident, "internal", "investigating", "Internal: the deploy of 14:02 broke it", "x", Instant.now().minusSeconds(90));
        rows.update(incident, "public", "identified", "We found the cause and are rolling back.", "x", Instant.now().minusSeconds(60));
        service.onPublicIncidentUpdate(incident);
        service.onPublicIncidentUpdate(incident);
        await(() -> messages(address).size() == 2, "the incident update email");
        MimeMessage update = messages(address).get(1);
        assertThat(update.getSubject()).isEqualTo("[Shop " + rows.id + "] Checkout errors - Identified");
        String updateText = GreenMailUtil.getBody(update);
        assertThat(updateText).contains("We found the cause and are rolling back.").contains("/status/" + slug + "/unsubscribe/")
                .doesNotContain("Internal:").doesNotContain("internal summary");
        Thread.sleep(1_000);
        assertThat(messages(address)).as("the same update is sent once").hasSize(2);

        HttpResponse<String> unsubscribed = send(HttpRequest.newBuilder(local(unsubscribe)).GET().build());
        assertThat(unsubscribed.statusCode()).isEqualTo(200);
        assertThat(unsubscribed.body()).contains("Unsubscribed");
        assertThat(send(HttpRequest.newBuilder(local(unsubscribe)).GET().build()).statusCode()).as("a used link").isEqualTo(404);
        assertThat(post("/api/v1/status-pages/" + slug + "/maintenances/" + json(maintenance).path("id").asLong() + "/updates",
                "{\"status\":\"in_progress\",\"body\":\"Started.\"}").statusCode()).isEqualTo(201);
        Thread.sleep(1_000);
        assertThat(messages(address)).as("nothing after unsubscribing").hasSize(2);
    }

    @Test
    void subscribeRequestsAreLimitedPerClient() {
        for (int i = 0; i < 3; i++) {
            assertThat(subscriptionPages.allowed("198.51.100.7")).isTrue();
        }
        assertThat(subscriptionPages.allowed("198.51.100.7")).isFalse();
        assertThat(subscriptionPages.allowed("198.51.100.8")).isTrue();
    }

    @Test
    void webhooksReceiveSignedPublicChangesWithRetries() {
        StatusPageFixture rows = new StatusPageFixture(sql);
        String slug = page(rows);
        String hook = "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/hook";
        assertThat(post("/api/v1/status-pages/" + slug + "/webhooks", "{\"url\":\"ftp://example.com\"}").statusCode()).isEqualTo(422);
        HttpResponse<String> added = post("/api/v1/status-pages/" + slug + "/webhooks", "{\"url\":\"%s\",\"secret\":\"%s\"}".formatted(hook, WEBHOOK_SECRET));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(added.body()).doesNotContain(WEBHOOK_SECRET);
        assertThat(json(added).path("signed").asBoolean()).isTrue();
        assertThat(json(get("/api/v1/status-pages/" + slug + "/webhooks"))).hasSize(1);

        received.clear();
        failuresToServe.set(1);
        HttpResponse<String> maintenance = post("/api/v1/status-pages/" + slug + "/maintenances", """
                {"title":"Network work","body":"Brief interruptions.","scheduled_for":"2099-02-01T02:00:00Z","scheduled_until":"2099-02-01T03:00:00Z"}""");
        assertThat(maintenance.statusCode()).isEqualTo(201);
        await(() -> received.size() >= 2, "a failed delivery and its retry");
        assertThat(received.get(0).get("status")).isEqualTo("503");
        Map<String, String> delivered = received.get(1);
        assertThat(delivered.get("status")).isEqualTo("204");
        assertThat(delivered.get("key")).isEqualTo(received.get(0).get("key"));
        assertThat(delivered.get("signature")).isEqualTo("v1=" + WebhookChannel.signature(WEBHOOK_SECRET, Long.parseLong(delivered.get("timestamp")),
                delivered.get("body")));
        JsonNode body = JSON.readTree(delivered.get("body"));
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("page", "maintenance", "update");
        assertThat(body.path("page").path("id").asString()).isEqualTo(slug);
        assertThat(body.path("maintenance").path("name").asString()).isEqualTo("Network work");
        assertThat(body.path("update").path("body").asString()).isEqualTo("Brief interruptions.");
        assertThat(sql.fetchOne("select attempts, delivered_at from status_notifications n join status_subscribers s on s.id = n.subscriber_id "
                + "where s.address = ?", hook).get(0, Integer.class)).isEqualTo(2);

        long id = json(get("/api/v1/status-pages/" + slug + "/webhooks")).get(0).path("id").asLong();
        assertThat(delete("/api/v1/status-pages/" + slug + "/webhooks/" + id).statusCode()).isEqualTo(204);
        assertThat(delete("/api/v1/status-pages/" + slug + "/webhooks/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void everyPublishAlsoGoesToTheBucket() {
        StatusPageFixture rows = new StatusPageFixture(sql);
        String slug = page(rows);
        await(() -> S3.blobStore().blobExists(S3ProxyServer.BUCKET, "sites/" + slug + "/index.html"), "the page in the bucket");
        await(() -> S3.blobStore().blobExists(S3ProxyServer.BUCKET, "sites/" + slug + "/api/v2/summary.json"), "its JSON in the bucket");
        Blob index = S3.blobStore().getBlob(S3ProxyServer.BUCKET, "sites/" + slug + "/index.html");
        assertThat(index.getMetadata().getContentMetadata().getCacheControl()).isEqualTo(PublicStatusPages.CACHE_CONTROL);
        String html;
        try (var in = index.getPayload().openStream()) {
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(html).contains("Shop " + rows.id).contains("action=\"" + BASE_URL + "/status/" + slug + "/subscribe\"");
        assertThat(delete("/api/v1/status-pages/" + slug).statusCode()).isEqualTo(204);
        assertThat(S3.blobStore().blobExists(S3ProxyServer.BUCKET, "sites/" + slug + "/index.html")).as("a deleted page leaves the bucket").isFalse();
    }

    // --- helpers

    private String page(StatusPageFixture rows) {
        String slug = "sub-" + rows.id;
        HttpResponse<String> created = post("/api/v1/status-pages", "{\"slug\":\"%s\",\"title\":\"Shop %s\"}".formatted(slug, rows.id));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return slug;
    }

    private HttpResponse<String> subscribe(String slug, String email) {
        return send(HttpRequest.newBuilder(uri("/status/" + slug + "/subscribe")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=" + URLEncoder.encode(email, StandardCharsets.UTF_8))).build());
    }

    private static List<MimeMessage> messages(String address) {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : MAIL.getReceivedMessages()) {
            try {
                if (message.getAllRecipients()[0].toString().equals(address)) {
                    found.add(message);
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    private static MimeMessage only(String address) {
        List<MimeMessage> found = messages(address);
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    /** A link from an email; quoted-printable may wrap it, so soft line breaks are joined first. */
    private static String link(String text, String action) {
        String joined = text.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
        Matcher matcher = Pattern.compile(Pattern.quote(BASE_URL) + "/status/[a-z0-9-]+/" + action + "/[0-9]+\\.[A-Za-z0-9_-]+").matcher(joined);
        assertThat(matcher.find()).as(action + " link in " + joined).isTrue();
        return matcher.group();
    }

    /** The link as this test server serves it: the email names the configured base URL. */
    private URI local(String link) {
        return uri(link.substring(BASE_URL.length()));
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private synchronized String token() {
        if (token == null) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/tokens"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"subscriptions\",\"scopes\":[\"read\",\"write\"]}")).build());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            token = JSON.readTree(response.body()).path("token").asString();
        }
        return token;
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token()).GET().build());
    }

    private HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token()).DELETE().build());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
