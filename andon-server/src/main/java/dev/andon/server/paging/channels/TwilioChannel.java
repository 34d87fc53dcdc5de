package dev.andon.server.paging.channels;

import dev.andon.oncall.ContactType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends an SMS or places a voice call through Twilio's REST API; one instance per contact type (see
 * {@link ChannelsConfiguration}). The call reads the alert out twice, so a person woken by it catches it the
 * second time; it cannot take a key press, so acknowledging stays with the SMS, email or Andon itself.
 */
final class TwilioChannel implements Channel {
    /** Two SMS segments of plain GSM text; longer ones cost more and arrive split. */
    static final int SMS_LIMIT = 320;
    static final String NOT_CONFIGURED = "Twilio is not configured: set ANDON_NOTIFY_TWILIO_ACCOUNT_SID, "
            + "ANDON_NOTIFY_TWILIO_AUTH_TOKEN and ANDON_NOTIFY_TWILIO_FROM";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ContactType type;
    private final NotifyProperties.Twilio settings;
    private final ChannelHttp http;

    TwilioChannel(ContactType type, NotifyProperties.Twilio settings, ChannelHttp http) {
        if (type != ContactType.SMS && type != ContactType.VOICE) {
            throw new IllegalArgumentException("Twilio sends SMS and voice calls, not " + type.text());
        }
        this.type = type;
        this.settings = settings;
        this.http = http;
    }

    @Override
    public ContactType type() {
        return type;
    }

    @Override
    public DeliveryResult send(String address, String secret, Message message) {
        if (!settings.configured()) {
            return DeliveryResult.fail(NOT_CONFIGURED);
        }
        if (address == null || !address.strip().matches("\\+[1-9][0-9]{6,14}")) {
            return DeliveryResult.fail("The phone number is not in E.164 form, e.g. +14155550100");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", address.strip());
        form.put("From", settings.from());
        if (type == ContactType.SMS) {
            form.put("Body", smsText(message));
        } else {
            form.put("Twiml", twiml(message));
        }
        String resource = type == ContactType.SMS ? "Messages.json" : "Calls.json";
        URI uri = URI.create(settings.apiUrl().replaceAll("/+$", "") + "/2010-04-01/Accounts/"
                + URLEncoder.encode(settings.accountSid(), StandardCharsets.UTF_8) + "/" + resource);
        Map<String, String> headers = Map.of(
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (settings.accountSid() + ":" + settings.authToken()).getBytes(StandardCharsets.UTF_8)),
                // Twilio drops a repeated request with the same token, so a retry after a lost answer sends once.
                "I-Twilio-Idempotency-Token", message.idempotencyKey(),
                "Accept", "application/json");
        try {
            HttpResponse<String> response = http.post(uri, "application/x-www-form-urlencoded", formBody(form), headers);
            return classify(response.statusCode(), response.body());
        } catch (IOException e) {
            return DeliveryResult.retry(ChannelHttp.failure(e, uri.getHost()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retry("interrupted while sending to " + uri.getHost());
        }
    }

    private DeliveryResult classify(int status, String body) {
        JsonNode json = parse(body);
        if (status >= 200 && status < 300) {
            String sid = json.path("sid").asString("");
            String what = type == ContactType.SMS ? "SMS" : "call";
            return DeliveryResult.ok("Twilio accepted " + what + " " + (sid.isEmpty() ? "(no sid)" : sid)
                    + " (HTTP " + status + ")");
        }
        String detail = "HTTP " + status + " from Twilio";
        if (json.has("code") || json.has("message")) {
            detail += ": error " + json.path("code").asString("?") + ": " + json.path("message").asString("");
        } else {
            detail += ChannelHttp.excerptSuffix(body);
        }
        return ChannelHttp.retryableStatus(status) ? DeliveryResult.retry(detail) : DeliveryResult.fail(detail);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        } catch (JacksonException e) {
            return JSON.missingNode();
        }
    }

    /** Severity, summary, service and the acknowledge link, cut to fit {@link #SMS_LIMIT}; the link is kept whole. */
    static String smsText(Message message) {
        String head = (message.test() ? "Andon test: " : "")
                + (message.severity().isBlank() ? "" : "[" + message.severity().toUpperCase(Locale.ROOT) + "] ");
        String service = message.service().isBlank() ? "" : " (" + message.service() + ")";
        String link = message.acknowledgeUrl() != null ? " Ack: " + message.acknowledgeUrl()
                : message.alertUrl() != null ? " " + message.alertUrl() : "";
        String summary = message.summary().isBlank() ? message.subject() : message.summary();
        int room = SMS_LIMIT - head.length() - service.length() - link.length();
        if (summary.length() > room) {
            // Three dots, not an ellipsis character: one character outside GSM 03.38 makes the SMS cost twice as much.
            summary = room > 3 ? summary.substring(0, room - 3) + "..." : "";
        }
        String text = head + summary + service + link;
        return text.length() <= SMS_LIMIT ? text : text.substring(0, SMS_LIMIT);
    }

    /** What the call says, twice with a pause between, as TwiML. */
    static String twiml(Message message) {
        StringBuilder words = new StringBuilder(message.test() ? "This is a test call from Andon. " : "Andon alert. ");
        if (!message.severity().isBlank()) {
            words.append("Severity ").append(message.severity().toLowerCase(Locale.ROOT)).append(". ");
        }
        words.append(message.summary().isBlank() ? message.subject() : message.summary()).append(". ");
        if (!message.service().isBlank()) {
            words.append("Service ").append(message.service()).append(". ");
        }
        String say = "<Say>" + xml(words.toString().strip()) + "</Say>";
        return "<Response>" + say + "<Pause length=\"1\"/>" + say + "</Response>";
    }

    static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&apos;");
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
