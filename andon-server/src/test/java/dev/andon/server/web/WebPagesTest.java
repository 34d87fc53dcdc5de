package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import dev.andon.server.support.PageSession;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web pages over plain HTTP against the real server, for what a browser test would check
 * slowly or not at all: sign-in rules, CSRF, status codes, error pages, the htmx fragment, tokens.
 */
class WebPagesTest extends AndonServerTest {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private PageSession admin() {
        PageSession session = pageSession();
        assertThat(session.signIn("admin", ADMIN_PASSWORD, "/services").headers().firstValue("Location")).hasValue(uri("/").toString());
        return session;
    }

    @Test
    void pagesNeedSignInButTheLoginPageAndAssetsDoNot() {
        PageSession anonymous = pageSession();
        HttpResponse<String> services = anonymous.get("/services");
        assertThat(services.statusCode()).isEqualTo(302);
        assertThat(services.headers().firstValue("Location").orElseThrow()).endsWith("/login");

        HttpResponse<String> login = anonymous.get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<title>Sign in · Andon</title>").contains("id=\"username\"").contains("autofocus")
                .doesNotContain("<script>").doesNotContain("onclick");
        assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");

        HttpResponse<String> css = anonymous.get("/static/andon.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
        assertThat(anonymous.get("/webjars/htmx.org/2.0.10/dist/htmx.min.js").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/static/andon.js").statusCode()).isEqualTo(200);
    }

    @Test
    void signInRefusesAWrongPasswordAndSignOutEndsTheSession() {
        PageSession session = pageSession();
        HttpResponse<String> refused = session.signIn("admin", "wrong-password-here", "/services");
        assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        assertThat(session.get("/login?error").body()).contains("Wrong username or password");

        PageSession admin = admin();
        HttpResponse<String> home = admin.get("/");
        assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/services");
        HttpResponse<String> out = admin.post("/logout");
        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/login?logout");
        assertThat(admin.get("/login?logout").body()).contains("You are signed out");
        assertThat(admin.get("/services").statusCode()).isEqualTo(302);
    }

    @Test
    void unknownObjectsGetAFriendlyNotFoundPage() {
        PageSession admin = admin();
        for (String path : List.of("/services/" + unique("missing"), "/services/" + unique("missing") + "/edit", "/teams/" + unique("missing"))) {
            HttpResponse<String> response = admin.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(response.body()).contains("Not found").contains("Go to services").doesNotContain("Exception");
        }
        HttpResponse<String> unknownPage = admin.get("/" + unique("nowhere"));
        assertThat(unknownPage.statusCode()).isEqualTo(404);
    }

    @Test
    void formsRefusePostsWithoutTheCsrfToken() {
        PageSession admin = admin();
        HttpResponse<String> response = admin.postRaw("/services", "name", "No token", "slug", unique("no-token"));
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void formProblemsAreShownNextToTheirFieldsWithTheInputKept() {
        PageSession admin = admin();
        String slug = unique("bad-runbook");
        HttpResponse<String> response = admin.post("/services", "name", "Keep <my> name", "slug", slug, "tier", "2",
                "lifecycle", "production", "runbook", "ftp://runbooks.example.com", "dependsOn", "db maybe");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("<title>Error: New service · Andon</title>")
                .contains("id=\"runbook-error\"").contains("must be an http or https URL")
                .contains("id=\"dependsOn-error\"").contains("not hard or soft")
                .contains("value=\"Keep &lt;my> name\"").contains("aria-invalid=\"true\"")
                .contains("href=\"#runbook\"");
        assertThat(get("/api/v1/services/" + slug).statusCode()).isEqualTo(404);

        HttpResponse<String> duplicate = admin.post("/services", "name", "Twice", "slug", slug, "tier", "3", "lifecycle", "production");
        assertThat(duplicate.statusCode()).isEqualTo(302);
        HttpResponse<String> again = admin.post("/services", "name", "Twice", "slug", slug, "tier", "3", "lifecycle", "production");
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.body()).contains("id=\"slug-error\"").contains("already exists: pick another slug");
    }

    @Test
    void liveSearchAnswersHtmxWithOnlyTheResults() {
        String marker = unique("needle");
        assertThat(post("/api/v1/services", "{\"slug\":\"" + marker + "-a\",\"name\":\"Alpha\",\"tier\":1}").statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/services", "{\"slug\":\"" + marker + "-b\",\"name\":\"Beta\",\"tier\":4,\"tags\":[\"x\"]}").statusCode()).isEqualTo(201);
        PageSession admin = admin();

        HttpResponse<String> fragment = admin.get("/services?q=" + marker, "HX-Request", "true");
        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.body()).doesNotContain("<html").contains(marker + "-a").contains(marker + "-b").contains("2 services");
        assertThat(fragment.headers().firstValue("Vary").orElse("")).contains("HX-Request");

        HttpResponse<String> page = admin.get("/services?q=" + marker + "&tier=4");
        assertThat(page.body()).contains("<!DOCTYPE html>").contains(marker + "-b").doesNotContain(marker + "-a\"")
                .contains("<option value=\"4\" selected>");
        assertThat(admin.get("/services?q=" + marker + "-nothing", "HX-Request", "true").body()).contains("No services match");
    }

    @Test
    void deletingAServiceOthersDependOnExplainsWhyItCannot() {
        String database = unique("db");
        String api = unique("api");
        post("/api/v1/services", "{\"slug\":\"" + database + "\",\"name\":\"Database\",\"tier\":1}");
        post("/api/v1/services", "{\"slug\":\"" + api + "\",\"name\":\"API\",\"tier\":2,\"dependsOn\":[{\"service\":\"" + database + "\"}]}");
        PageSession admin = admin();
        admin.get("/services/" + database);

        HttpResponse<String> refused = admin.post("/services/" + database + "/delete");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("is still a dependency of " + api).contains("<details open>");

        assertThat(admin.post("/services/" + api + "/delete").headers().firstValue("Location").orElseThrow())
                .endsWith("/services?deleted=" + api);
        assertThat(admin.post("/services/" + database + "/delete").statusCode()).isEqualTo(302);
        assertThat(admin.get("/services/" + database).statusCode()).isEqualTo(404);
    }

    @Test
    void aNewTokenIsShownOnceAndCanBeRevoked() {
        PageSession admin = admin();
        admin.get("/profile");
        String name = unique("laptop");
        HttpResponse<String> created = admin.post("/profile/tokens", "tokenName", name, "scopes", "read");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("will not be shown again");
        Matcher secret = Pattern.compile("value=\"(andon_[A-Za-z0-9_-]+)\"").matcher(created.body());
        assertThat(secret.find()).isTrue();
        String token = secret.group(1);
        HttpRequest withToken = HttpRequest.newBuilder(uri("/api/v1/services")).header("Authorization", "Bearer " + token).GET().build();
        assertThat(send(withToken).statusCode()).isEqualTo(200);

        HttpResponse<String> profile = admin.get("/profile");
        assertThat(profile.body()).contains(name).doesNotContain(token);
        Matcher revoke = Pattern.compile("action=\"(/profile/tokens/\\d+/revoke)\"").matcher(created.body());
        assertThat(revoke.find()).isTrue();
        assertThat(admin.post(revoke.group(1)).headers().firstValue("Location").orElseThrow()).endsWith("/profile?revoked");
        assertThat(send(withToken).statusCode()).isEqualTo(401);
        assertThat(admin.get("/profile").body()).contains("Revoked");

        HttpResponse<String> nameless = admin.post("/profile/tokens", "tokenName", " ", "scopes", "read");
        assertThat(nameless.statusCode()).isEqualTo(422);
        assertThat(nameless.body()).contains("id=\"tokenName-error\"");
    }

    @Test
    void onlyAdminsManageUsersAndPasswordsNeedTwelveCharacters() {
        PageSession admin = admin();
        admin.get("/users");
        String username = unique("member");

        HttpResponse<String> tooShort = admin.post("/users", "username", username, "displayName", "Short Password",
                "email", "", "role", "member", "password", "short");
        assertThat(tooShort.statusCode()).isEqualTo(422);
        assertThat(tooShort.body()).contains("id=\"password-error\"").contains("at least 12 characters").contains("value=\"" + username + "\"");
        assertThat(get("/api/v1/users/" + username).statusCode()).as("nothing is left half-created").isEqualTo(404);

        HttpResponse<String> created = admin.post("/users", "username", username, "displayName", "Mia Member",
                "email", username + "@example.com", "role", "member", "password", "first-password-123");
        assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/users?created=" + username);

        PageSession member = pageSession();
        assertThat(member.signIn(username, "first-password-123", "/services").headers().firstValue("Location").orElseThrow()).endsWith("/");
        assertThat(member.get("/services").body()).doesNotContain("href=\"/users\"");
        HttpResponse<String> forbidden = member.get("/users");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("Not allowed");
        member.get("/profile");
        assertThat(member.post("/users", "username", unique("sneaky"), "role", "admin", "password", "sneaky-password-1").statusCode())
                .isEqualTo(403);

        HttpResponse<String> wrongCurrent = member.post("/profile/password", "currentPassword", "not-it-at-all",
                "newPassword", "second-password-456", "confirmPassword", "second-password-456");
        assertThat(wrongCurrent.statusCode()).isEqualTo(422);
        assertThat(wrongCurrent.body()).contains("id=\"currentPassword-error\"");
        HttpResponse<String> shortNew = member.post("/profile/password", "currentPassword", "first-password-123",
                "newPassword", "short", "confirmPassword", "short");
        assertThat(shortNew.body()).contains("id=\"newPassword-error\"").contains("at least 12 characters");
        HttpResponse<String> changed = member.post("/profile/password", "currentPassword", "first-password-123",
                "newPassword", "second-password-456", "confirmPassword", "second-password-456");
        assertThat(changed.headers().firstValue("Location").orElseThrow()).endsWith("/profile?passwordChanged");
        assertThat(pageSession().signIn(username, "second-password-456", "/services").headers().firstValue("Location").orElseThrow()).endsWith("/");
    }

    @Test
    void teamsShowWhatTheyOwnAndCannotBeDeletedWhileOwningServices() {
        PageSession admin = admin();
        admin.get("/teams/new");
        String team = unique("team");
        HttpResponse<String> created = admin.post("/teams", "name", "Search Team", "slug", team, "contactChannel", "#search",
                "members", "admin");
        assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/teams/" + team);
        String service = unique("search");
        post("/api/v1/services", "{\"slug\":\"" + service + "\",\"name\":\"Search\",\"tier\":2,\"owner\":\"" + team + "\"}");

        HttpResponse<String> page = admin.get("/teams/" + team);
        assertThat(page.body()).contains("Search Team").contains("#search").contains("Administrator")
                .contains("href=\"/services/" + service + "\"").contains("team.created");

        HttpResponse<String> refused = admin.post("/teams/" + team + "/delete");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("still owns " + service);

        HttpResponse<String> edited = admin.post("/teams/" + team, "name", "", "contactChannel", "#search-oncall");
        assertThat(edited.statusCode()).isEqualTo(422);
        assertThat(edited.body()).contains("id=\"name-error\"").contains("value=\"#search-oncall\"");
    }

    @Test
    void theGraphCanBeNarrowedToATeam() {
        String team = unique("graph-team");
        post("/api/v1/teams", "{\"slug\":\"" + team + "\",\"name\":\"Graph team\"}");
        String mine = unique("mine");
        String needed = unique("needed");
        String unrelated = unique("unrelated");
        post("/api/v1/services", "{\"slug\":\"" + needed + "\",\"name\":\"Needed\",\"tier\":1}");
        post("/api/v1/services", "{\"slug\":\"" + unrelated + "\",\"name\":\"Unrelated\",\"tier\":4}");
        post("/api/v1/services", "{\"slug\":\"" + mine + "\",\"name\":\"Mine\",\"tier\":2,\"owner\":\"" + team
                + "\",\"dependsOn\":[{\"service\":\"" + needed + "\",\"kind\":\"soft\"}]}");
        PageSession admin = admin();

        String narrowed = admin.get("/graph?team=" + team).body();
        assertThat(narrowed).contains("<svg").contains("href=\"/services/" + mine + "\"").contains("href=\"/services/" + needed + "\"")
                .doesNotContain("href=\"/services/" + unrelated + "\"").contains("stroke-dasharray");
        assertThat(admin.get("/graph").body()).contains("href=\"/services/" + unrelated + "\"");
    }
}
