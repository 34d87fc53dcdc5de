package dev.andon.server.support;

import dev.andon.server.alerts.AlertInbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of tests that run the whole server on a random port against real PostgreSQL. All such
 * classes share one Spring context and one database, so each test names its objects uniquely.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AndonServerTest {
    public static final String ADMIN_PASSWORD = "test-admin-password";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static String adminToken;
    private static volatile AlertInbox inbox;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = SharedDatabase.URL;
        registry.add("andon.database.url", () -> url);
        registry.add("andon.database.user", () -> "postgres");
        registry.add("andon.database.password", () -> "");
        registry.add("andon.admin-password", () -> ADMIN_PASSWORD);
    }

    /** Created lazily once per JVM, so the Spring context and its database are shared. */
    private static final class SharedDatabase {
        static final String URL = TestPostgres.newDatabase();
    }

    /** The database every server test (and a second node started by a test) shares. */
    protected static String databaseUrl() {
        return SharedDatabase.URL;
    }

    /** A new browser-like session on this server, for page tests. */
    protected PageSession pageSession() {
        return new PageSession(this::uri);
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** A read+write token of the admin, created once through the API with basic auth. */
    protected synchronized String adminToken() {
        if (adminToken == null) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/tokens"))
                    .header("Authorization", basic("admin", ADMIN_PASSWORD))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"tests\",\"scopes\":[\"read\",\"write\"]}")).build());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("cannot create the admin token: " + response.statusCode() + " " + response.body());
            }
            adminToken = JSON.readTree(response.body()).path("token").asString();
        }
        return adminToken;
    }

    protected static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    protected HttpResponse<String> get(String path) {
        return send(authorized(path).GET().build());
    }

    protected HttpResponse<String> post(String path, String json) {
        return send(authorized(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    protected HttpResponse<String> put(String path, String json) {
        return send(authorized(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    protected HttpResponse<String> delete(String path) {
        return send(authorized(path).DELETE().build());
    }

    protected HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + adminToken());
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /**
     * Ingestion answers once its events are stored; they are applied to the alerts just after
     * ({@link AlertInbox}). A test reads what its events did, so a send to an ingestion route that
     * was accepted waits until this server has applied them.
     */
    @Autowired
    void alertInbox(AlertInbox alertInbox) {
        inbox = alertInbox;
    }

    /** Waits until the events this server stored (by a test's own call of the alert writer, say) are applied. */
    protected static void applied() {
        try {
            if (!inbox.awaitApplied(Duration.ofSeconds(30))) {
                throw new IllegalStateException("stored alert events were not applied within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean ingestion(String path) {
        return path.startsWith("/v2/enqueue") || path.startsWith("/v2/change/enqueue") || path.startsWith("/ingest/");
    }

    protected static HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2 && inbox != null && ingestion(request.uri().getPath())) {
                applied();
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
