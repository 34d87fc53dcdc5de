package dev.andon.server.paging.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhookChannelTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ChannelHttp HTTP = new ChannelHttp();

    private final WebhookChannel channel = new WebhookChannel(HTTP, Clock.fixed(NOW, ZoneOffset.UTC));
    private RecordingServer receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new RecordingServer().answer(204, "text/plain", "");
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    @Test
    void postsThePageAsSignedJson() throws Exception {
        DeliveryResult result = channel.send(receiver.url("/hooks/andon"), "whsec_receiver", Messages.page());

        assertThat(result).isEqualTo(DeliveryResult.ok("HTTP 204 from 127.0.0.1"));
        RecordingServer.Request request = receiver.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/andon");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Idempotency-Key")).isEqualTo("page-42-1");
        assertThat(request.header("X-Andon-Timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(request.header("X-Andon-Signature"))
                .isEqualTo("v1=" + hmacSha256Hex("whsec_receiver", NOW.getEpochSecond() + "." + request.body()));

        assertThat(request.body()).isEqualTo("{\"event\":\"alert.page\",\"idempotency_key\":\"page-42-1\","
                + "\"subject\":\"[CRITICAL] checkout: Error rate above 5%\",\"summary\":\"Error rate is 7.5% over 5 minutes\","
                + "\"severity\":\"critical\",\"service\":\"checkout\",\"links\":{\"alert\":\"" + Messages.ALERT_URL
                + "\",\"acknowledge\":\"" + Messages.ACKNOWLEDGE_URL + "\",\"resolve\":\"" + Messages.RESOLVE_URL
                + "\"},\"details\":[\"Source: prometheus\",\"Runbook: https://wiki.example.com/checkout\"]}");
    }

    @Test
    void testMessageIsATestEventWithoutActionLinks() {
        channel.send(receiver.url("/hooks/andon"), "whsec_receiver", Messages.test());

        JsonNode body = JSON.readTree(receiver.onlyRequest().body());
        assertThat(body.path("event").asString()).isEqualTo("test");
        assertThat(body.path("links").path("acknowledge").isNull()).isTrue();
        assertThat(body.path("links").path("resolve").isNull()).isTrue();
        assertThat(body.path("links").path("alert").asString()).isEqualTo(Messages.ALERT_URL);
    }

    @Test
    void withoutASecretThereIsNoSignature() {
        channel.send(receiver.url("/hooks/andon"), null, Messages.page());

        RecordingServer.Request request = receiver.onlyRequest();
        assertThat(request.header("X-Andon-Signature")).isNull();
        assertThat(request.header("X-Andon-Timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
    }

    @Test
    void signatureMatchesAFixedVector() {
        // Computed independently: hmac.new(b"whsec_test", b'1700000000.{"event":"test"}', sha256).hexdigest()
        assertThat(WebhookChannel.signature("whsec_test", 1_700_000_000L, "{\"event\":\"test\"}"))
                .isEqualTo("21d2d3606ebbdbf9307ee15e83085df2b83c83dd87cc2e6d2ea6b1cb61afdc3c");
    }

    @Test
    void clientErrorsArePermanentExceptTimeoutAndRateLimit() {
        receiver.answer(410, "text/plain", "gone");
        assertThat(channel.send(receiver.url("/hooks/andon"), null, Messages.page()))
                .isEqualTo(DeliveryResult.fail("HTTP 410 from 127.0.0.1: gone"));

        receiver.answer(429, "text/plain", "");
        assertThat(channel.send(receiver.url("/hooks/andon"), null, Messages.page()).retryable()).isTrue();

        receiver.answer(408, "text/plain", "");
        assertThat(channel.send(receiver.url("/hooks/andon"), null, Messages.page()).retryable()).isTrue();
    }

    @Test
    void serverErrorIsRetryable() {
        receiver.answer(503, "text/plain", "maintenance");

        assertThat(channel.send(receiver.url("/hooks/andon"), null, Messages.page()))
                .isEqualTo(DeliveryResult.retry("HTTP 503 from 127.0.0.1: maintenance"));
    }

    @Test
    void redirectIsNotFollowed() {
        receiver.answer(301, "text/plain", "");

        DeliveryResult result = channel.send(receiver.url("/hooks/andon"), "whsec_receiver", Messages.page());

        assertThat(result).isEqualTo(DeliveryResult.fail("HTTP 301 from 127.0.0.1"));
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void nonHttpAddressFailsWithoutSending() {
        assertThat(channel.send("ftp://example.com/x", null, Messages.page()).retryable()).isFalse();
        assertThat(receiver.requests()).isEmpty();
    }

    private static String hmacSha256Hex(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
