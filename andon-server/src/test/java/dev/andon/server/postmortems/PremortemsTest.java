package dev.andon.server.postmortems;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Pre-mortems through /api/v1/premortems on the real server and PostgreSQL: privacy, the time box, merging and counting, mitigations, foreseen. */
class PremortemsTest extends PremortemFixtures {
    @Autowired
    ActionItems actionItems;

    private static List<String> bodies(JsonNode risks) {
        List<String> bodies = new ArrayList<>();
        risks.forEach(risk -> bodies.add(risk.path("body").asString()));
        return bodies;
    }

    private static JsonNode tallyOf(JsonNode board, long risk) {
        for (JsonNode entry : board.path("tally")) {
            if (entry.path("risk").asLong() == risk) {
                return entry;
            }
        }
        throw new AssertionError("risk " + risk + " is not a head of the tally: " + board.path("tally"));
    }

    @Test
    void theCreatorAndFacilitatorTakePartAndTheTimeBoxDefaultsToTenMinutes() {
        JsonNode premortem = json(created(post("/api/v1/premortems", """
                {"title": "Launch %s", "services": ["%s"], "participants": ["%s"]}""".formatted(id, api, bob))));
        assertThat(premortem.path("facilitator").asString()).as("the creator facilitates by default").isEqualTo("admin");
        assertThat(premortem.path("participants").toString()).contains("\"admin\"").contains(bob).doesNotContain(alice);
        assertThat(premortem.path("phase").asString()).isEqualTo("writing");
        assertThat(premortem.path("writingOpen").asBoolean()).isTrue();
        assertThat(premortem.path("timeLeftSeconds").asLong()).isBetween(590L, 600L);
        assertThat(premortem.path("date").asString()).as("no launch date: the day it was held")
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());

        JsonNode missing = json(post("/api/v1/premortems", "{\"title\": \" \"}"));
        assertThat(missing.path("field").asString()).isEqualTo("title");
        HttpResponse<String> unknown = post("/api/v1/premortems", "{\"title\": \"x\", \"participants\": [\"nobody-%s\"]}".formatted(id));
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(json(unknown).path("field").asString()).isEqualTo("participants");
        assertThat(json(unknown).path("detail").asString()).contains("nobody-" + id);
        assertThat(json(post("/api/v1/premortems", "{\"title\": \"x\", \"timeBoxMinutes\": 0}")).path("field").asString()).isEqualTo("timeBox");
        assertThat(json(post("/api/v1/premortems", "{\"title\": \"x\", \"services\": [\"none-%s\"]}".formatted(id))).path("field").asString())
                .isEqualTo("services");
        assertThat(get("/api/v1/premortems/999999999").statusCode()).isEqualTo(404);
        assertThat(bodies(json(get("/api/v1/premortems")))).isNotNull();
        assertThat(json(get("/api/v1/premortems")).toString()).contains("Launch " + id);
    }

    @Test
    void risksArePrivateUntilTheRevealThenMergedAndCountedByDistinctAuthors() {
        long premortem = open("Checkout v2 " + id, 30, null).path("id").asLong();
        String path = "/api/v1/premortems/" + premortem;
        long aliceFirst = addRisk(alice, premortem, "The payment provider rate-limits us on launch day");
        long bobFirst = addRisk(bob, premortem, "Payment provider rate limits us at launch");
        long bobSecond = addRisk(bob, premortem, "Database runs out of connections");
        long aliceAgain = addRisk(alice, premortem, "The payment provider rate-limits checkout");

        // Before the reveal each participant sees only their own risks, and nobody sees a tally.
        JsonNode asBob = json(getAs(bob, path));
        assertThat(bodies(asBob.path("risks"))).containsExactly("Payment provider rate limits us at launch", "Database runs out of connections");
        assertThat(asBob.path("written").asInt()).isEqualTo(4);
        assertThat(asBob.path("writers").asInt()).isEqualTo(2);
        assertThat(asBob.has("tally")).isFalse();
        assertThat(getAs(bob, path).body()).doesNotContain("on launch day").doesNotContain("rate-limits checkout");
        assertThat(bodies(json(get(path)).path("risks"))).as("not even an admin reads them early").isEmpty();
        assertThat(getAs(alice, path).body()).doesNotContain("Database runs out");

        // Only the facilitator (or an admin) reveals; merging waits for the reveal.
        HttpResponse<String> notFacilitator = postAs(bob, path + "/reveal", "{}");
        assertThat(notFacilitator.statusCode()).isEqualTo(422);
        assertThat(json(notFacilitator).path("field").asString()).isEqualTo("facilitator");
        assertThat(json(notFacilitator).path("detail").asString()).contains(alice);
        HttpResponse<String> early = postAs(alice, path + "/merge", "{\"risk\": %d, \"into\": %d}".formatted(bobFirst, aliceFirst));
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(json(early).path("field").asString()).isEqualTo("phase");

        JsonNode revealed = json(postAs(alice, path + "/reveal", "{}"));
        assertThat(revealed.path("phase").asString()).isEqualTo("revealed");
        assertThat(bodies(revealed.path("risks"))).hasSize(4);
        assertThat(revealed.path("tally")).hasSize(4);
        assertThat(revealed.path("suggestedMerges").toString()).contains("\"risk\":" + aliceAgain);
        assertThat(bodies(json(getAs(bob, path)).path("risks"))).contains("The payment provider rate-limits us on launch day");
        HttpResponse<String> late = postAs(bob, path + "/risks", "{\"body\": \"Too late\"}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).path("field").asString()).isEqualTo("phase");
        assertThat(json(late).path("detail").asString()).contains("revealed");

        // The same person writing it twice counts once; two people count two.
        JsonNode merged = json(postAs(alice, path + "/merge", "{\"risk\": %d, \"into\": %d}".formatted(aliceAgain, aliceFirst)));
        assertThat(tallyOf(merged, aliceFirst).path("count").asInt()).isEqualTo(1);
        merged = json(postAs(alice, path + "/merge", "{\"risk\": %d, \"into\": %d}".formatted(bobFirst, aliceFirst)));
        JsonNode top = merged.path("tally").get(0);
        assertThat(top.path("risk").asLong()).as("most-written first").isEqualTo(aliceFirst);
        assertThat(top.path("count").asInt()).isEqualTo(2);
        assertThat(top.path("authors").toString()).contains(alice).contains(bob);
        assertThat(top.path("merged")).hasSize(2);
        assertThat(tallyOf(merged, bobSecond).path("count").asInt()).isEqualTo(1);
        assertThat(merged.path("tally")).hasSize(2);
        assertThat(json(postAs(bob, path + "/merge", "{\"risk\": %d, \"into\": %d}".formatted(bobSecond, aliceFirst))).path("field").asString())
                .as("only the facilitator merges").isEqualTo("facilitator");
        assertThat(postAs(alice, path + "/merge", "{\"risk\": %d, \"into\": %d}".formatted(aliceFirst, bobFirst)).statusCode())
                .as("a group cannot be merged into its own member").isEqualTo(409);

        JsonNode unmerged = json(postAs(alice, path + "/risks/" + bobFirst + "/unmerge", "{}"));
        assertThat(tallyOf(unmerged, aliceFirst).path("count").asInt()).isEqualTo(1);
        assertThat(tallyOf(unmerged, bobFirst).path("count").asInt()).isEqualTo(1);
        merged = json(postAs(alice, path + "/merge", "{\"risk\": %d, \"into\": %d}".formatted(bobFirst, aliceFirst)));
        assertThat(tallyOf(merged, aliceFirst).path("count").asInt()).isEqualTo(2);

        JsonNode closed = json(postAs(alice, path + "/close", "{}"));
        assertThat(closed.path("phase").asString()).isEqualTo("closed");
        assertThat(postAs(alice, path + "/risks/" + bobFirst + "/unmerge", "{}").statusCode()).as("counts are final once closed").isEqualTo(409);
        assertThat(closed.path("suggestedMerges")).isEmpty();
    }

    @Test
    void aNonParticipantCannotAddRisksNorReadOthersBeforeTheReveal() {
        long premortem = open("Search " + id, 30, null).path("id").asLong();
        String path = "/api/v1/premortems/" + premortem;
        addRisk(bob, premortem, "The index rebuild takes a day");

        HttpResponse<String> refused = postAs(carol, path + "/risks", "{\"body\": \"Mine\"}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json(refused).path("field").asString()).isEqualTo("participants");
        assertThat(json(refused).path("detail").asString()).contains(carol).contains("not a participant").contains(alice);
        assertThat(getAs(carol, path).body()).doesNotContain("index rebuild");

        // The facilitator adds carol, who can then write.
        assertThat(json(postAs(bob, path + "/participants", "{\"participants\": [\"%s\"]}".formatted(carol))).path("field").asString())
                .isEqualTo("facilitator");
        assertThat(json(postAs(alice, path + "/participants", "{\"participants\": [\"%s\"]}".formatted(carol))).path("participants").toString())
                .contains(carol);
        addRisk(carol, premortem, "Nobody is on call for search");
        assertThat(bodies(json(getAs(carol, path)).path("risks"))).containsExactly("Nobody is on call for search");

        // A read-only token can look but not write.
        String readOnly = json(created(post("/api/v1/tokens", "{\"name\":\"read-%s\",\"scopes\":[\"read\"]}".formatted(id)))).path("token").asString();
        HttpResponse<String> read = send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + readOnly).GET().build());
        assertThat(read.statusCode()).isEqualTo(200);
        HttpResponse<String> write = send(HttpRequest.newBuilder(uri(path + "/reveal")).header("Authorization", "Bearer " + readOnly)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(uri(path)).GET().build()).statusCode()).as("anonymous").isEqualTo(401);
    }

    @Test
    void writingClosesWhenTheTimeBoxEndsAndTheRisksAreRevealedByThemselves() {
        long premortem = open("Migration " + id, 5, null).path("id").asLong();
        String path = "/api/v1/premortems/" + premortem;
        long risk = addRisk(alice, premortem, "The migration locks the orders table");
        assertThat(json(putAs(alice, path + "/risks/" + risk, "{\"body\": \"The migration locks the orders table for an hour\"}"))
                .path("body").asString()).endsWith("for an hour");
        HttpResponse<String> notMine = putAs(bob, path + "/risks/" + risk, "{\"body\": \"Changed\"}");
        assertThat(notMine.statusCode()).isEqualTo(422);
        assertThat(json(notMine).path("field").asString()).isEqualTo("author");
        long gone = addRisk(alice, premortem, "Written by mistake");
        assertThat(deleteAs(bob, path + "/risks/" + gone).statusCode()).isEqualTo(422);
        assertThat(deleteAs(alice, path + "/risks/" + gone).statusCode()).isEqualTo(204);

        endTimeBox(premortem);

        HttpResponse<String> closed = postAs(bob, path + "/risks", "{\"body\": \"One more\"}");
        assertThat(closed.statusCode()).isEqualTo(409);
        assertThat(json(closed).path("field").asString()).isEqualTo("phase");
        assertThat(json(closed).path("detail").asString()).contains("time box ended");
        assertThat(putAs(alice, path + "/risks/" + risk, "{\"body\": \"Edited late\"}").statusCode()).isEqualTo(409);
        JsonNode asBob = json(getAs(bob, path));
        assertThat(asBob.path("phase").asString()).as("the end of the time box reveals").isEqualTo("revealed");
        assertThat(asBob.path("writingOpen").asBoolean()).isFalse();
        assertThat(bodies(asBob.path("risks"))).containsExactly("The migration locks the orders table for an hour");
        assertThat(asBob.path("tally").get(0).path("count").asInt()).isEqualTo(1);
        // The facilitator may still mark it revealed; merging works without that.
        assertThat(postAs(alice, path + "/reveal", "{}").statusCode()).isEqualTo(200);
        assertThat(postAs(alice, path + "/reveal", "{}").statusCode()).isEqualTo(409);
    }

    @Test
    void aMitigationIsAnActionItemWithAnOwnerLinkedToTheRisk() {
        long premortem = open("Billing " + id, 30, null).path("id").asLong();
        String path = "/api/v1/premortems/" + premortem;
        long risk = addRisk(alice, premortem, "Invoices go out twice");
        long same = addRisk(bob, premortem, "Customers get two invoices");
        assertThat(postAs(bob, path + "/risks/" + risk + "/mitigations", """
                {"title": "Idempotency keys", "owner": "%s", "dueDate": "2030-01-31", "type": "prevent"}""".formatted(bob)).statusCode())
                .as("mitigations come after the reveal").isEqualTo(409);
        postAs(alice, path + "/reveal", "{}");
        postAs(alice, path + "/merge", "{\"risk\": %d, \"into\": %d}".formatted(same, risk));

        // Added on the merged risk, it lands on the head of the group.
        JsonNode item = json(created(postAs(bob, path + "/risks/" + same + "/mitigations", """
                {"title": "Idempotency keys on invoice sends", "owner": "%s", "dueDate": "2030-01-31", "priority": "high", "type": "prevent"}"""
                .formatted(bob))));
        assertThat(item.path("owner").asString()).isEqualTo(bob);
        assertThat(item.path("riskId").asLong()).isEqualTo(risk);
        assertThat(item.path("premortemId").asLong()).isEqualTo(premortem);
        assertThat(item.path("reference").asString()).startsWith("AI-");
        ActionItems.ActionItem stored = actionItems.require(item.path("id").asLong());
        assertThat(stored.owner()).isEqualTo(bob);
        assertThat(stored.riskId()).isEqualTo(risk);
        assertThat(stored.premortemId()).isEqualTo(premortem);
        assertThat(stored.dueDate()).isEqualTo(LocalDate.parse("2030-01-31"));
        assertThat(actionItems.list(new ActionItems.Filter("all", null, null, null, premortem))).extracting(ActionItems.ActionItem::id)
                .containsExactly(stored.id());
        JsonNode board = json(get(path));
        assertThat(board.path("tally").get(0).path("mitigations").get(0).path("title").asString()).isEqualTo("Idempotency keys on invoice sends");

        assertThat(json(postAs(carol, path + "/risks/" + risk + "/mitigations", """
                {"title": "x", "owner": "%s", "dueDate": "2030-01-31", "type": "prevent"}""".formatted(carol))).path("field").asString())
                .isEqualTo("participants");
        assertThat(json(postAs(bob, path + "/risks/" + risk + "/mitigations", """
                {"title": "No owner", "dueDate": "2030-01-31", "type": "prevent"}""")).path("field").asString()).isEqualTo("owner");
        assertThat(json(postAs(bob, path + "/risks/" + risk + "/mitigations", """
                {"title": "Bad date", "owner": "%s", "dueDate": "31/01/2030", "type": "prevent"}""".formatted(bob))).path("field").asString())
                .isEqualTo("dueDate");
    }

    @Test
    void anIncidentOnACoveredServiceShowsWhatWasForeseenWithThePremortemsDate() {
        long premortem = open("Payments " + id, 30, "2026-01-15").path("id").asLong();
        String path = "/api/v1/premortems/" + premortem;
        long risk = addRisk(alice, premortem, "The card processor times out under load");
        long same = addRisk(bob, premortem, "Card processor timeouts under load");
        addRisk(bob, premortem, "Refunds are not tested");
        // A second pre-mortem on the same service, still in writing: private, so not shown.
        long writing = open("Still writing " + id, 30, null).path("id").asLong();
        addRisk(alice, writing, "A secret still being written");

        postAs(alice, path + "/reveal", "{}");
        postAs(alice, path + "/merge", "{\"risk\": %d, \"into\": %d}".formatted(same, risk));

        long incident = json(created(post("/api/v1/incidents", """
                {"title": "Card payments failing %s", "severity": "SEV2", "services": ["%s"]}""".formatted(id, api)))).path("number").asLong();
        JsonNode foreseen = json(get("/api/v1/incidents/" + incident + "/foreseen"));
        assertThat(foreseen).hasSize(2);
        assertThat(foreseen.toString()).doesNotContain("A secret still being written");
        JsonNode first = foreseen.get(0);
        assertThat(first.path("premortem").asLong()).isEqualTo(premortem);
        assertThat(first.path("date").asString()).isEqualTo("2026-01-15");
        assertThat(first.path("risk").asLong()).isEqualTo(risk);
        assertThat(first.path("count").asInt()).isEqualTo(2);
        assertThat(first.path("linked").asBoolean()).isFalse();

        // Linked explicitly (here through the merged risk), it is marked and comes first.
        JsonNode linked = json(created(post(path + "/risks/" + same + "/incidents", "{\"incident\": %d}".formatted(incident))));
        assertThat(linked.get(0).path("risk").asLong()).isEqualTo(risk);
        assertThat(linked.get(0).path("linked").asBoolean()).isTrue();
        assertThat(linked.get(1).path("linked").asBoolean()).isFalse();
        assertThat(post(path + "/risks/" + risk + "/incidents", "{\"incident\": 999999999}").statusCode()).isEqualTo(422);
        assertThat(post("/api/v1/premortems/" + writing + "/risks/" + risk + "/incidents", "{\"incident\": %d}".formatted(incident)).statusCode())
                .as("the risk must belong to the pre-mortem").isEqualTo(404);

        long elsewhere = json(created(post("/api/v1/incidents", """
                {"title": "Web down %s", "severity": "SEV3", "services": ["%s"]}""".formatted(id, web)))).path("number").asLong();
        assertThat(json(get("/api/v1/incidents/" + elsewhere + "/foreseen"))).as("another service: nothing foreseen").isEmpty();
        assertThat(get("/api/v1/incidents/999999999/foreseen").statusCode()).isEqualTo(404);

        assertThat(delete(path + "/risks/" + same + "/incidents/" + incident).statusCode()).isEqualTo(204);
        assertThat(json(get("/api/v1/incidents/" + incident + "/foreseen")).get(0).path("linked").asBoolean()).isFalse();
    }
}
