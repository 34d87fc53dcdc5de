package dev.andon.server.paging.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.oncall.ContactType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwilioChannelTest {
    private static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    private static final String AUTH_TOKEN = "twilio-auth-token";
    private static final String FROM = "+14155550100";
    private static final String TO = "+4915112345678";
    private static final ChannelHttp HTTP = new ChannelHttp();

    private RecordingServer twilio;
    private TwilioChannel sms;
    private TwilioChannel voice;

    @BeforeEach
    void startTwilio() throws Exception {
        twilio = new RecordingServer().answer(201, "application/json",
                "{\"sid\":\"SM1234567890abcdef1234567890abcdef\",\"status\":\"queued\"}");
        NotifyProperties.Twilio settings = new NotifyProperties.Twilio(ACCOUNT_SID, AUTH_TOKEN, FROM, twilio.url("/"));
        sms = new TwilioChannel(ContactType.SMS, settings, HTTP);
        voice = new TwilioChannel(ContactType.VOICE, settings, HTTP);
    }

    @AfterEach
    void stopTwilio() {
        twilio.close();
    }

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    @Test
    void sendsAnSmsAsTwilioExpectsIt() {
        DeliveryResult result = sms.send(TO, null, Messages.page());

        assertThat(result).isEqualTo(DeliveryResult.ok("Twilio accepted SMS SM1234567890abcdef1234567890abcdef (HTTP 201)"));
        RecordingServer.Request request = twilio.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("I-Twilio-Idempotency-Token")).isEqualTo("page-42-1");
        assertThat(form(request.body())).containsExactly(
                Map.entry("To", TO),
                Map.entry("From", FROM),
                Map.entry("Body", "[CRITICAL] Error rate is 7.5% over 5 minutes (checkout) Ack: " + Messages.ACKNOWLEDGE_URL));
    }

    @Test
    void longSummaryIsCutSoTheSmsStaysShortAndKeepsTheAcknowledgeLink() {
        Message message = new Message("k", "subject", "x".repeat(1000), "critical", "checkout", Messages.ALERT_URL,
                Messages.ACKNOWLEDGE_URL, Messages.RESOLVE_URL, List.of(), false);

        sms.send(TO, null, message);

        String body = form(twilio.onlyRequest().body()).get("Body");
        assertThat(body).hasSizeLessThanOrEqualTo(320).endsWith("... (checkout) Ack: " + Messages.ACKNOWLEDGE_URL);
    }

    @Test
    void placesACallThatSaysTheAlertTwice() {
        twilio.answer(201, "application/json", "{\"sid\":\"CA1234567890abcdef1234567890abcdef\",\"status\":\"queued\"}");
        Message message = new Message("page-9", "s", "Latency > 2s & rising", "critical", "search <eu>", null,
                Messages.ACKNOWLEDGE_URL, null, List.of(), false);

        DeliveryResult result = voice.send(TO, null, message);

        assertThat(result).isEqualTo(DeliveryResult.ok("Twilio accepted call CA1234567890abcdef1234567890abcdef (HTTP 201)"));
        RecordingServer.Request request = twilio.onlyRequest();
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls.json");
        assertThat(request.header("I-Twilio-Idempotency-Token")).isEqualTo("page-9");
        String say = "<Say>Andon alert. Severity critical. Latency &gt; 2s &amp; rising. Service search &lt;eu&gt;.</Say>";
        assertThat(form(request.body())).containsExactly(
                Map.entry("To", TO),
                Map.entry("From", FROM),
                Map.entry("Twiml", "<Response>" + say + "<Pause length=\"1\"/>" + say + "</Response>"));
    }

    @Test
    void invalidNumberIsPermanentWithTwiliosError() {
        twilio.answer(400, "application/json", "{\"code\":21211,\"message\":\"The 'To' number +4915112345678 is not "
                + "a valid phone number.\",\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}");

        DeliveryResult result = sms.send(TO, null, Messages.page());

        assertThat(result).isEqualTo(DeliveryResult.fail(
                "HTTP 400 from Twilio: error 21211: The 'To' number +4915112345678 is not a valid phone number."));
    }

    @Test
    void rateLimitAndServerErrorsAreRetryable() {
        twilio.answer(429, "application/json", "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}");
        assertThat(sms.send(TO, null, Messages.page()))
                .isEqualTo(DeliveryResult.retry("HTTP 429 from Twilio: error 20429: Too Many Requests"));

        twilio.answer(500, "text/html", "<html>oops</html>");
        assertThat(voice.send(TO, null, Messages.page()))
                .isEqualTo(DeliveryResult.retry("HTTP 500 from Twilio: <html>oops</html>"));
    }

    @Test
    void unconfiguredTwilioFailsWithTheSettingsToSet() {
        TwilioChannel unconfigured = new TwilioChannel(ContactType.SMS,
                new NotifyProperties(null, null, null).twilio(), HTTP);

        DeliveryResult result = unconfigured.send(TO, null, Messages.page());

        assertThat(result.delivered()).isFalse();
        assertThat(result.retryable()).isFalse();
        assertThat(result.detail()).startsWith("Twilio is not configured: set ANDON_NOTIFY_TWILIO_ACCOUNT_SID, ");
    }

    @Test
    void numberNotInE164FailsWithoutCallingTwilio() {
        assertThat(sms.send("0151 1234", null, Messages.page()).retryable()).isFalse();
        assertThat(twilio.requests()).isEmpty();
    }

    @Test
    void smsAndVoiceAreSeparateChannels() {
        assertThat(sms.type()).isEqualTo(ContactType.SMS);
        assertThat(voice.type()).isEqualTo(ContactType.VOICE);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }
}
