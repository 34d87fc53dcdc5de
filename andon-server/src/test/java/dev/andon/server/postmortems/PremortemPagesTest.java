package dev.andon.server.postmortems;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.support.PageSession;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The pre-mortem pages and the incident page's "foreseen" fragment, signed in as each person, posting forms with CSRF tokens as a browser would. */
class PremortemPagesTest extends PremortemFixtures {

    private PageSession as(String user, String password) {
        PageSession session = pageSession();
        session.signIn(user, password, "/premortems");
        return session;
    }

    private static String text(HttpResponse<String> response) {
        return response.body().replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    private static long idFrom(HttpResponse<String> redirect) {
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.replaceAll(".*/premortems/(\\d+).*", "$1"));
    }

    @Test
    void aPremortemIsRunFromItsPageWithRisksPrivateUntilTheReveal() {
        PageSession admin = as("admin", ADMIN_PASSWORD);
        HttpResponse<String> form = admin.get("/premortems/new");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(text(form)).contains("<label for=\"title\">Title</label>").contains("name=\"_csrf\"").contains("value=\"" + api + "\"")
                .contains("id=\"timeBox\" name=\"timeBox\" type=\"number\" min=\"1\" max=\"10080\" required value=\"10\"");
        HttpResponse<String> invalid = admin.post("/premortems", "title", "", "timeBox", "10");
        assertThat(invalid.statusCode()).isEqualTo(200);
        assertThat(text(invalid)).contains("title: is required");
        long premortem = idFrom(admin.post("/premortems", "title", "Checkout v2 " + id, "launch", "The new checkout", "launchDate", "2026-03-01",
                "services", api, "facilitator", alice, "participants", bob, "timeBox", "15"));
        String page = "/premortems/" + premortem;

        PageSession alicePages = as(alice, password(alice));
        HttpResponse<String> writing = alicePages.get(page);
        assertThat(writing.statusCode()).isEqualTo(200);
        assertThat(text(writing)).contains("It is a month after the launch of Checkout v2 " + id + ", and it failed utterly. What happened?")
                .contains("Time left to write").contains("data-countdown=\"").contains("id=\"your-risks\"").contains("<label for=\"risk-body\">")
                .contains("Reveal the risks now");
        assertThat(alicePages.post(page + "/risks", "body", "Alice fears the card processor times out").statusCode()).isEqualTo(302);
        assertThat(text(alicePages.get(page))).contains("Alice fears the card processor times out").contains("1 risk written by 1 person");

        PageSession bobPages = as(bob, password(bob));
        String asBob = text(bobPages.get(page));
        assertThat(asBob).as("bob cannot see alice's risk before the reveal").doesNotContain("Alice fears").contains("id=\"your-risks\"")
                .doesNotContain("Reveal the risks now");
        assertThat(bobPages.post(page + "/risks", "body", "Bob fears the card processor times out").statusCode()).isEqualTo(302);
        assertThat(text(bobPages.get(page))).contains("Bob fears").doesNotContain("Alice fears");
        assertThat(text(alicePages.get(page))).contains("Alice fears").doesNotContain("Bob fears");

        PageSession carolPages = as(carol, password(carol));
        assertThat(text(carolPages.get(page))).contains("You are not a participant").doesNotContain("fears");
        HttpResponse<String> refused = carolPages.post(page + "/risks", "body", "Carol's risk");
        assertThat(text(refused)).contains("participants: '" + carol + "' is not a participant");
        assertThat(carolPages.postRaw(page + "/risks", "body", "No token").statusCode()).as("CSRF").isEqualTo(403);

        assertThat(bobPages.post(page + "/reveal").headers().firstValue("Location").orElse("")).contains("error=");
        assertThat(alicePages.post(page + "/reveal").statusCode()).isEqualTo(302);
        String revealed = text(bobPages.get(page));
        assertThat(revealed).contains("Alice fears the card processor times out").contains("Bob fears the card processor times out")
                .contains("class=\"tally-row\"").contains("<details class=\"mitigation\" open>").contains("Suggested merges")
                .doesNotContain("id=\"your-risks\"");

        long aliceRisk = sql.resultQuery("select id from premortem_risks where premortem_id = ? and body like 'Alice%'", premortem).fetchOne(0, Long.class);
        long bobRisk = sql.resultQuery("select id from premortem_risks where premortem_id = ? and body like 'Bob%'", premortem).fetchOne(0, Long.class);
        assertThat(text(alicePages.get(page))).contains("<label for=\"into-" + aliceRisk + "\">Same as</label>");
        assertThat(alicePages.post(page + "/merge", "risk", Long.toString(bobRisk), "into", Long.toString(aliceRisk)).headers().firstValue("Location")
                .orElse("")).contains("notice=");
        String counted = text(bobPages.get(page));
        assertThat(counted).contains("written by 2 people: " + alice + ", " + bob).contains("1 merged into it");

        assertThat(bobPages.post(page + "/risks/" + aliceRisk + "/mitigations", "title", "Circuit breaker on the card processor", "owner", bob,
                "dueDate", "2030-02-01", "priority", "high", "type", "mitigate").headers().firstValue("Location").orElse("")).contains("notice=");
        assertThat(text(bobPages.get(page))).contains("Circuit breaker on the card processor").contains("owner " + bob).contains("2030-02-01")
                .contains(">Open</span>");
        assertThat(bobPages.post(page + "/risks/" + aliceRisk + "/mitigations", "title", "No date", "owner", bob, "dueDate", "", "type", "mitigate")
                .headers().firstValue("Location").orElse("")).contains("error=dueDate");

        String list = text(admin.get("/premortems"));
        assertThat(list).contains("href=\"/premortems/" + premortem + "\">Checkout v2 " + id + "</a>").contains("2026-03-01");

        // An incident on the same service: the incident page loads the "foreseen" fragment.
        long incident = json(created(post("/api/v1/incidents", """
                {"title": "Card payments failing %s", "severity": "SEV2", "services": ["%s"]}""".formatted(id, api)))).path("number").asLong();
        assertThat(text(admin.get("/incidents/" + incident))).contains("hx-get=\"/incidents/" + incident + "/foreseen\"");
        String fragment = text(admin.get("/incidents/" + incident + "/foreseen"));
        assertThat(fragment).doesNotContain("<html").contains("Foreseen for these services in the <a href=\"/premortems/" + premortem
                + "\">pre-mortem of 2026-03-01</a>").contains("Alice fears the card processor times out").contains("(written by 2 people)")
                .contains("name=\"_csrf\"").contains("<label for=\"foreseen-risk\">");
        HttpResponse<String> link = admin.post("/incidents/" + incident + "/foreseen", "risk", premortem + ":" + aliceRisk);
        assertThat(link.headers().firstValue("Location").orElse("")).contains("/incidents/" + incident + "?notice=");
        assertThat(text(admin.get("/incidents/" + incident + "/foreseen"))).contains("This was foreseen in the <a href=\"/premortems/" + premortem
                + "\">pre-mortem of 2026-03-01</a>:").contains("(written by 2 people)");

        long elsewhere = json(created(post("/api/v1/incidents", """
                {"title": "Web down %s", "severity": "SEV3", "services": ["%s"]}""".formatted(id, web)))).path("number").asLong();
        HttpResponse<String> empty = admin.get("/incidents/" + elsewhere + "/foreseen");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isBlank();
    }

    @Test
    void whenTheTimeBoxEndsThePageShowsEveryonesRisks() {
        long premortem = open("Time box " + id, 10, null).path("id").asLong();
        addRisk(alice, premortem, "Alice's risk " + id);
        PageSession bobPages = as(bob, password(bob));
        assertThat(text(bobPages.get("/premortems/" + premortem))).doesNotContain("Alice's risk");
        endTimeBox(premortem);
        String page = text(bobPages.get("/premortems/" + premortem));
        assertThat(page).contains("Alice's risk " + id).contains(">revealed</span>").doesNotContain("Time left to write");
        HttpResponse<String> late = bobPages.post("/premortems/" + premortem + "/risks", "body", "Too late");
        assertThat(text(late)).contains("phase: writing is closed").contains("time box ended");
    }
}
