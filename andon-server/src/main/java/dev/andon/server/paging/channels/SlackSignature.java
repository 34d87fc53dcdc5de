package dev.andon.server.paging.channels;

import java.time.Duration;
import java.time.Instant;

/**
 * Checks that a request really comes from Slack (version 0 of Slack's signing scheme), so a button press on a
 * page cannot be forged: HMAC-SHA256 of {@code v0:TIMESTAMP:BODY} with the app's signing secret, sent as
 * {@code X-Slack-Signature: v0=HEX} with {@code X-Slack-Request-Timestamp}.
 */
public final class SlackSignature {
    /** Slack's own advice; older requests are refused so a captured one cannot be replayed. */
    static final Duration MAXIMUM_AGE = Duration.ofMinutes(5);

    private SlackSignature() {
    }

    /**
     * @param body the raw request body exactly as received, before any form decoding
     * @return false for anything missing, malformed, too old (or too far ahead), or not matching
     */
    public static boolean verify(String signingSecret, String timestampHeader, String body, String signatureHeader,
                                 Instant now) {
        if (signingSecret == null || signingSecret.isEmpty() || timestampHeader == null || body == null
                || signatureHeader == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > MAXIMUM_AGE.toSeconds()) {
            return false;
        }
        String expected = "v0=" + Hmac.sha256Hex(signingSecret, "v0:" + timestampHeader.strip() + ":" + body);
        return Hmac.sameText(expected, signatureHeader.strip());
    }
}
