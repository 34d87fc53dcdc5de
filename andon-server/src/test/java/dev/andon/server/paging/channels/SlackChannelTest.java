package dev.andon.server.paging.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.oncall.ContactType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SlackChannelTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WEBHOOK_PATH = "/services/T0001/B0001/SecretPartOfTheUrl";
    private static final ChannelHttp HTTP = new ChannelHttp();

    private final SlackChannel channel = new SlackChannel(HTTP);
    private RecordingServer slack;

    @BeforeEach
    void startSlack() throws Exception {
        slack = new RecordingServer().answer(200, "text/html", "ok");
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    @Test
    void postsBlockKitMessageWithAcknowledgeAndResolveButtons() {
        DeliveryResult result = channel.send(slack.url(WEBHOOK_PATH), null, Messages.page());

        assertThat(result).isEqualTo(DeliveryResult.ok("HTTP 200 from 127.0.0.1"));
        RecordingServer.Request request = slack.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(WEBHOOK_PATH);
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");

        JsonNode body = JSON.readTree(request.body());
        assertThat(body.path("text").asString()).isEqualTo("[CRITICAL] checkout: Error rate above 5% (checkout)");
        JsonNode blocks = body.path("blocks");
        assertThat(blocks.get(0).path("type").asString()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("text").asString()).isEqualTo("[CRITICAL] checkout: Error rate above 5%");
        assertThat(blocks.get(1).path("type").asString()).isEqualTo("section");
        assertThat(blocks.get(1).path("text").path("text").asString()).isEqualTo("Error rate is 7.5% over 5 minutes");
        assertThat(blocks.get(1).path("fields").get(0).path("text").asString()).isEqualTo("*Severity*\nCRITICAL");
        assertThat(blocks.get(1).path("fields").get(1).path("text").asString()).isEqualTo("*Service*\ncheckout");
        assertThat(blocks.get(2).path("type").asString()).isEqualTo("context");
        assertThat(blocks.get(2).path("elements").valueStream().map(element -> element.path("text").asString()))
                .containsExactly("Source: prometheus", "Runbook: https://wiki.example.com/checkout");

        JsonNode actions = blocks.get(3);
        assertThat(actions.path("type").asString()).isEqualTo("actions");
        JsonNode acknowledge = actions.path("elements").get(0);
        assertThat(acknowledge.path("type").asString()).isEqualTo("button");
        assertThat(acknowledge.path("action_id").asString()).isEqualTo("andon_acknowledge");
        assertThat(acknowledge.path("style").asString()).isEqualTo("primary");
        assertThat(acknowledge.path("value").asString()).isEqualTo("ack-token-123");
        assertThat(acknowledge.path("text").path("text").asString()).isEqualTo("Acknowledge");
        JsonNode resolve = actions.path("elements").get(1);
        assertThat(resolve.path("action_id").asString()).isEqualTo("andon_resolve");
        assertThat(resolve.path("value").asString()).isEqualTo("resolve-token-456");
        assertThat(resolve.path("text").path("text").asString()).isEqualTo("Resolve");
        JsonNode open = actions.path("elements").get(2);
        assertThat(open.path("text").path("text").asString()).isEqualTo("Open in Andon");
        assertThat(open.path("url").asString()).isEqualTo(Messages.ALERT_URL);
        assertThat(blocks.size()).isEqualTo(4);
    }

    @Test
    void messageWithoutActionUrlsHasOnlyTheOpenButton() {
        channel.send(slack.url(WEBHOOK_PATH), null, Messages.test());

        JsonNode blocks = JSON.readTree(slack.onlyRequest().body()).path("blocks");
        JsonNode buttons = blocks.get(blocks.size() - 1).path("elements");
        assertThat(buttons.size()).isEqualTo(1);
        assertThat(buttons.get(0).path("action_id").asString()).isEqualTo("andon_open");
    }

    @Test
    void slackMarkupInTheAlertIsEscaped() {
        Message message = new Message("k", "a <b> & c", "<!channel> & <http://x|y>", "high", "svc", null, null, null,
                null, false);

        channel.send(slack.url(WEBHOOK_PATH), null, message);

        JsonNode body = JSON.readTree(slack.onlyRequest().body());
        assertThat(body.path("blocks").get(1).path("text").path("text").asString())
                .isEqualTo("&lt;!channel&gt; &amp; &lt;http://x|y&gt;");
    }

    @Test
    void rejectedPayloadIsPermanentAndTheDetailHidesTheWebhookPath() {
        slack.answer(400, "text/plain", "invalid_payload");

        DeliveryResult result = channel.send(slack.url(WEBHOOK_PATH), null, Messages.page());

        assertThat(result).isEqualTo(DeliveryResult.fail("HTTP 400 from 127.0.0.1: invalid_payload"));
        assertThat(result.detail()).doesNotContain("SecretPartOfTheUrl");
    }

    @Test
    void removedWebhookIsPermanent() {
        slack.answer(404, "text/plain", "no_service");

        assertThat(channel.send(slack.url(WEBHOOK_PATH), null, Messages.page()))
                .isEqualTo(DeliveryResult.fail("HTTP 404 from 127.0.0.1: no_service"));
    }

    @Test
    void rateLimitIsRetryable() {
        slack.answer(429, "text/plain", "rate_limited");

        assertThat(channel.send(slack.url(WEBHOOK_PATH), null, Messages.page()))
                .isEqualTo(DeliveryResult.retry("HTTP 429 from 127.0.0.1: rate_limited"));
    }

    @Test
    void serverErrorIsRetryable() {
        slack.answer(500, "text/plain", "");

        assertThat(channel.send(slack.url(WEBHOOK_PATH), null, Messages.page()))
                .isEqualTo(DeliveryResult.retry("HTTP 500 from 127.0.0.1"));
    }

    @Test
    void unreachableSlackIsRetryable() throws Exception {
        DeliveryResult result = channel.send(RecordingServer.unreachableUrl(WEBHOOK_PATH), null, Messages.page());

        assertThat(result.retryable()).isTrue();
        assertThat(result.detail()).isEqualTo("could not connect sending to 127.0.0.1");
    }

    @Test
    void addressThatIsNotAUrlFailsWithoutSending() {
        DeliveryResult result = channel.send("#incidents", null, Messages.page());

        assertThat(result.delivered()).isFalse();
        assertThat(result.retryable()).isFalse();
        assertThat(slack.requests()).isEmpty();
    }

    @Test
    void servesSlackContacts() {
        assertThat(channel.type()).isEqualTo(ContactType.SLACK);
    }
}
