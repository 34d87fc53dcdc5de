package dev.andon.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.AndonApplication;
import dev.andon.server.support.AndonServerTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A session made by signing in on one node works on another node on the same PostgreSQL, and logout ends it everywhere. */
class SessionsAcrossNodesTest extends AndonServerTest {
    private static final Pattern CSRF = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]+)\"");

    private static String csrf(String html) {
        Matcher input = CSRF.matcher(html);
        assertThat(input.find()).as("a _csrf field in %s", html).isTrue();
        Matcher value = VALUE.matcher(input.group());
        assertThat(value.find()).isTrue();
        return value.group(1);
    }

    private static String sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SESSION="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse(null);
    }

    private static HttpRequest form(URI uri, String cookie, String body) {
        return HttpRequest.newBuilder(uri).header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Test
    void aSessionFromOneNodeWorksOnAnotherUntilLogout() {
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(AndonApplication.class).properties(
                "server.port=0", "andon.database.url=" + databaseUrl(), "andon.database.user=postgres",
                "andon.admin-password=" + ADMIN_PASSWORD).run()) {
            int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
            URI secondNode = URI.create("http://localhost:" + secondPort + "/api/v1/services");

            HttpResponse<String> loginPage = send(HttpRequest.newBuilder(uri("/login")).GET().build());
            String anonymous = sessionCookie(loginPage);
            HttpResponse<String> login = send(form(uri("/login"), anonymous, "username=admin&password="
                    + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf(loginPage.body())));
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
            String session = sessionCookie(login);
            assertThat(session).isNotNull().isNotEqualTo(anonymous);

            assertThat(send(HttpRequest.newBuilder(secondNode).header("Cookie", session).GET().build()).statusCode()).isEqualTo(200);

            HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/profile")).header("Cookie", session).GET().build());
            HttpResponse<String> withoutToken = send(form(uri("/logout"), session, ""));
            assertThat(withoutToken.statusCode()).as("logout without the CSRF token is refused").isEqualTo(403);
            HttpResponse<String> logout = send(form(uri("/logout"), session, "_csrf=" + csrf(page.body())));
            assertThat(logout.statusCode()).isIn(204, 302);
            assertThat(send(HttpRequest.newBuilder(secondNode).header("Cookie", session).GET().build()).statusCode()).isEqualTo(401);
        }
    }

    private String signIn(String username, String password) {
        HttpResponse<String> loginPage = send(HttpRequest.newBuilder(uri("/login")).GET().build());
        HttpResponse<String> login = send(form(uri("/login"), sessionCookie(loginPage), "username=" + username + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf(loginPage.body())));
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return sessionCookie(login);
    }

    @Test
    void resettingAPasswordOrDemotingEndsTheUsersSessions() {
        String username = "dave-" + System.nanoTime();
        assertThat(post("/api/v1/users", "{\"username\":\"%s\",\"role\":\"admin\"}".formatted(username)).statusCode()).isEqualTo(201);
        assertThat(put("/api/v1/users/" + username + "/password", "{\"password\":\"first-password-123\"}").statusCode()).isEqualTo(204);
        String session = signIn(username, "first-password-123");
        HttpRequest asDave = HttpRequest.newBuilder(uri("/api/v1/services")).header("Cookie", session).GET().build();
        assertThat(send(asDave).statusCode()).isEqualTo(200);

        assertThat(put("/api/v1/users/" + username + "/password", "{\"password\":\"second-password-123\"}").statusCode()).isEqualTo(204);
        assertThat(send(asDave).statusCode()).as("the old session ends with the reset").isEqualTo(401);

        String again = signIn(username, "second-password-123");
        assertThat(put("/api/v1/users/" + username, "{\"role\":\"member\"}").statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/services")).header("Cookie", again).GET().build()).statusCode())
                .as("a demoted admin signs in again with the new role").isEqualTo(401);
    }

    @Test
    void aWrongPasswordDoesNotSignIn() {
        HttpResponse<String> loginPage = send(HttpRequest.newBuilder(uri("/login")).GET().build());
        HttpResponse<String> login = send(form(uri("/login"), sessionCookie(loginPage),
                "username=admin&password=wrong-password-123&_csrf=" + csrf(loginPage.body())));
        assertThat(login.headers().firstValue("Location").orElse("")).endsWith("/login?error");
    }
}
