package dev.andon.server.paging.channels;

import dev.andon.oncall.ContactType;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts the page as JSON to any URL, for receivers Andon has no dedicated channel for.
 *
 * <p>The body is {@code {"event":"alert.page"|"test","idempotency_key",...,"links":{...},"details":[...]}} with
 * headers {@code Idempotency-Key} (the same on every retry of one notification, so a receiver can drop repeats)
 * and {@code X-Andon-Timestamp} (unix seconds). When the contact has a secret, {@code X-Andon-Signature:
 * v1=HEX} is added, HEX being the lower-case hex HMAC-SHA256 of {@code TIMESTAMP + "." + BODY} keyed with the
 * secret. To verify, a receiver takes the raw body bytes as received, recomputes the HMAC over the timestamp
 * header, a dot and that body, compares it with the header's hex in constant time, and refuses the request
 * when the timestamp is more than 5 minutes from its own clock (so a captured request cannot be replayed).
 */
@Component
public final class WebhookChannel implements Channel {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChannelHttp http;
    private final Clock clock;

    WebhookChannel(ChannelHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public ContactType type() {
        return ContactType.WEBHOOK;
    }

    @Override
    public DeliveryResult send(String address, String secret, Message message) {
        URI uri = ChannelHttp.webAddress(address);
        if (uri == null) {
            return DeliveryResult.fail("The webhook address is not an http(s) URL");
        }
        String body = body(message);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", message.idempotencyKey());
        headers.put("X-Andon-Timestamp", Long.toString(timestamp));
        if (secret != null && !secret.isEmpty()) {
            headers.put("X-Andon-Signature", "v1=" + signature(secret, timestamp, body));
        }
        return http.postAndClassify(uri, "application/json", body, headers);
    }

    /** The hex HMAC-SHA256 of {@code timestamp + "." + body}, without the {@code v1=} prefix. */
    public static String signature(String secret, long timestamp, String body) {
        return Hmac.sha256Hex(secret, timestamp + "." + body);
    }

    static String body(Message message) {
        ObjectNode root = JSON.createObjectNode()
                .put("event", message.test() ? "test" : "alert.page")
                .put("idempotency_key", message.idempotencyKey())
                .put("subject", message.subject())
                .put("summary", message.summary())
                .put("severity", message.severity())
                .put("service", message.service());
        root.putObject("links")
                .put("alert", message.alertUrl())
                .put("acknowledge", message.acknowledgeUrl())
                .put("resolve", message.resolveUrl());
        message.details().forEach(root.putArray("details")::add);
        return JSON.writeValueAsString(root);
    }
}
