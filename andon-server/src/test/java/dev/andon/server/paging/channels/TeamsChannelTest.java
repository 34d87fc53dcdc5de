package dev.andon.server.paging.channels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TeamsChannelTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WORKFLOW_PATH = "/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=SecretSignature";
    private static final ChannelHttp HTTP = new ChannelHttp();

    private final TeamsChannel channel = new TeamsChannel(HTTP);
    private RecordingServer teams;

    @BeforeEach
    void startTeams() throws Exception {
        teams = new RecordingServer().answer(202, "text/plain", "");
    }

    @AfterEach
    void stopTeams() {
        teams.close();
    }

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    @Test
    void postsAnAdaptiveCardWithActionLinks() {
        DeliveryResult result = channel.send(teams.url(WORKFLOW_PATH), null, Messages.page());

        assertThat(result).isEqualTo(DeliveryResult.ok("HTTP 202 from 127.0.0.1"));
        RecordingServer.Request request = teams.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path() + "?" + request.query()).isEqualTo(WORKFLOW_PATH);
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");

        JsonNode body = JSON.readTree(request.body());
        assertThat(body.path("type").asString()).isEqualTo("message");
        JsonNode attachment = body.path("attachments").get(0);
        assertThat(attachment.path("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(attachment.has("contentUrl")).isTrue();
        assertThat(attachment.path("contentUrl").isNull()).isTrue();
        JsonNode card = attachment.path("content");
        assertThat(card.path("$schema").asString()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        assertThat(card.path("type").asString()).isEqualTo("AdaptiveCard");
        assertThat(card.path("version").asString()).isEqualTo("1.4");
        assertThat(card.path("body").valueStream().map(block -> block.path("type").asString())).containsOnly("TextBlock");
        assertThat(card.path("body").valueStream().map(block -> block.path("text").asString())).containsExactly(
                "[CRITICAL] checkout: Error rate above 5%",
                "Error rate is 7.5% over 5 minutes",
                "Severity: CRITICAL · Service: checkout",
                "Source: prometheus",
                "Runbook: https://wiki.example.com/checkout");
        assertThat(card.path("actions").valueStream().map(action -> action.path("type").asString()))
                .containsOnly("Action.OpenUrl");
        assertThat(card.path("actions").valueStream().map(action -> action.path("title").asString() + " " + action.path("url").asString()))
                .containsExactly("Acknowledge " + Messages.ACKNOWLEDGE_URL, "Resolve " + Messages.RESOLVE_URL,
                        "Open in Andon " + Messages.ALERT_URL);
    }

    @Test
    void messageWithoutActionUrlsLinksOnlyToAndon() {
        channel.send(teams.url(WORKFLOW_PATH), null, Messages.test());

        JsonNode actions = JSON.readTree(teams.onlyRequest().body()).path("attachments").get(0).path("content").path("actions");
        assertThat(actions.valueStream().map(action -> action.path("title").asString())).containsExactly("Open in Andon");
    }

    @Test
    void olderConnectorAnswerOfTwoHundredCountsAsDelivered() {
        teams.answer(200, "text/plain", "1");

        assertThat(channel.send(teams.url(WORKFLOW_PATH), null, Messages.page()).delivered()).isTrue();
    }

    @Test
    void badRequestIsPermanentAndTheDetailHidesTheSignature() {
        teams.answer(400, "application/json", "{\"error\":{\"code\":\"InvalidRequestContent\"}}");

        DeliveryResult result = channel.send(teams.url(WORKFLOW_PATH), null, Messages.page());

        assertThat(result.delivered()).isFalse();
        assertThat(result.retryable()).isFalse();
        assertThat(result.detail()).startsWith("HTTP 400 from 127.0.0.1: ").doesNotContain("SecretSignature");
    }

    @Test
    void throttlingAndServerErrorsAreRetryable() {
        teams.answer(429, "text/plain", "");
        assertThat(channel.send(teams.url(WORKFLOW_PATH), null, Messages.page()).retryable()).isTrue();

        teams.answer(502, "text/plain", "");
        assertThat(channel.send(teams.url(WORKFLOW_PATH), null, Messages.page()).retryable()).isTrue();
    }
}
