package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.AndonServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The system pages and the user page against the real server: what they list, that their History shows
 * who changed what, that a token's secret never appears, and who may see a user's page.
 */
class SystemAndUserPagesTest extends AndonServerTest {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private HttpResponse<String> page(String path) {
        return send(authorized(path).header("Accept", "text/html").GET().build());
    }

    private HttpResponse<String> pageAs(String authorization, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization).header("Accept", "text/html").GET().build());
    }

    @Test
    void systemsListTheirServicesAndOwnerAndShowChangesInHistory() {
        String team = unique("checkout-team");
        String system = unique("checkout");
        String cart = unique("cart");
        String payments = unique("payments");
        String outsider = unique("outsider");
        assertThat(post("/api/v1/teams", "{\"slug\":\"" + team + "\",\"name\":\"Checkout Team\",\"contactChannel\":\"#checkout\"}")
                .statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/systems", "{\"slug\":\"" + system + "\",\"name\":\"Checkout\",\"description\":\"Buying things\",\"owner\":\""
                + team + "\"}").statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/services", "{\"slug\":\"" + cart + "\",\"name\":\"Cart\",\"tier\":2,\"owner\":\"" + team
                + "\",\"system\":\"" + system + "\"}").statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/services", "{\"slug\":\"" + payments + "\",\"name\":\"Payments\",\"tier\":1,\"system\":\"" + system
                + "\"}").statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/services", "{\"slug\":\"" + outsider + "\",\"name\":\"Outsider\",\"tier\":3}").statusCode()).isEqualTo(201);

        HttpResponse<String> list = page("/systems");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("<title>Systems · Andon</title>").contains("href=\"/systems\" aria-current=\"page\"")
                .contains("href=\"/systems/" + system + "\"").contains("href=\"/teams/" + team + "\">Checkout Team</a>");
        String row = list.body().substring(list.body().indexOf("href=\"/systems/" + system + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains("<td data-label=\"Services\">2</td>");

        assertThat(put("/api/v1/systems/" + system, "{\"name\":\"Checkout and payments\",\"description\":\"Buying things\",\"owner\":\""
                + team + "\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> show = page("/systems/" + system);
        assertThat(show.statusCode()).isEqualTo(200);
        String body = show.body();
        assertThat(body).contains("<h1>Checkout and payments</h1>").contains("Buying things")
                .contains("href=\"/teams/" + team + "\">Checkout Team</a>").contains("#checkout")
                .contains("href=\"/services/" + cart + "\">Cart</a>").contains("href=\"/services/" + payments + "\">Payments</a>")
                .doesNotContain("href=\"/services/" + outsider + "\"")
                .contains("class=\"tier tier-1\"").contains("class=\"tier tier-2\"")
                .contains("href=\"/graph?system=" + system + "\"").contains("Show in graph");
        assertThat(body.indexOf(">Payments</a>")).as("most critical first").isLessThan(body.indexOf(">Cart</a>"));
        assertThat(body).contains("system.updated").contains("system.created")
                .contains("<del>Checkout</del>").contains("<ins>Checkout and payments</ins>");

        assertThat(page("/services/" + cart).body()).contains("href=\"/systems/" + system + "\"");
        assertThat(page("/teams/" + team).body()).contains("href=\"/systems/" + system + "\"");
    }

    @Test
    void anUnknownSystemGetsTheFriendlyNotFoundPage() {
        HttpResponse<String> response = page("/systems/" + unique("missing"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(response.body()).contains("Not found").contains("There is no system").contains("Go to services")
                .doesNotContain("Exception");
    }

    @Test
    void theUserPageShowsTeamsAndTokenEventsWithoutSecrets() {
        String username = unique("ada");
        String password = "ada-password-1234";
        createMember(username, "Ada Lovelace", password);
        String team = unique("engines");
        assertThat(post("/api/v1/teams", "{\"slug\":\"" + team + "\",\"name\":\"Analytical Engines\",\"members\":[\"" + username + "\"]}")
                .statusCode()).isEqualTo(201);
        String tokenName = unique("ci");
        HttpResponse<String> token = send(HttpRequest.newBuilder(uri("/api/v1/tokens")).header("Authorization", basic(username, password))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + tokenName + "\",\"scopes\":[\"read\",\"write\"]}")).build());
        assertThat(token.statusCode()).isEqualTo(201);
        String secret = json(token).path("token").asString();
        assertThat(secret).startsWith("andon_");

        HttpResponse<String> response = page("/users/" + username);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<h1>Ada Lovelace</h1>").contains(username + "@example.com")
                .contains("href=\"/teams/" + team + "\">Analytical Engines</a>")
                .contains("user.created").contains("user.password-changed").contains("changed the password")
                .contains("token.created").contains("created token " + tokenName + " (read, write)")
                .doesNotContain(secret).doesNotContain(secret.substring(0, 12));

        assertThat(page("/users").body()).contains("href=\"/users/" + username + "\"");
        assertThat(page("/teams/" + team).body()).contains("href=\"/users/" + username + "\"");
    }

    @Test
    void membersSeeTheirOwnPageButNotOthers() {
        String username = unique("member");
        String password = "member-password-1234";
        createMember(username, "Mo Member", password);
        String other = unique("other");
        createMember(other, "Olga Other", "other-password-1234");
        String authorization = basic(username, password);

        HttpResponse<String> own = pageAs(authorization, "/users/" + username);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("<h1>Mo Member</h1>").contains("href=\"/profile\"").doesNotContain("href=\"/users\"");

        HttpResponse<String> forbidden = pageAs(authorization, "/users/" + other);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("Not allowed").doesNotContain("Olga Other");
        assertThat(pageAs(authorization, "/users/" + unique("nobody")).statusCode())
                .as("members cannot probe who exists").isEqualTo(403);

        HttpResponse<String> missing = page("/users/" + unique("nobody"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("Not found").contains("There is no user");
    }

    private void createMember(String username, String displayName, String password) {
        assertThat(post("/api/v1/users", "{\"username\":\"" + username + "\",\"displayName\":\"" + displayName + "\",\"email\":\"" + username
                + "@example.com\",\"role\":\"member\"}").statusCode()).isEqualTo(201);
        assertThat(put("/api/v1/users/" + username + "/password", "{\"password\":\"" + password + "\"}").statusCode()).isEqualTo(204);
    }
}
