package dev.andon.server.paging.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Against the worked example in Slack's "Verifying requests from Slack". */
class SlackSignatureTest {
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String TIMESTAMP = "1531420618";
    private static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(1531420618);

    @Test
    void acceptsSlacksDocumentedExample() {
        assertThat(SlackSignature.verify(SECRET, TIMESTAMP, BODY, SIGNATURE, SIGNED_AT)).isTrue();
    }

    @Test
    void acceptsRequestsUpToFiveMinutesOld() {
        assertThat(SlackSignature.verify(SECRET, TIMESTAMP, BODY, SIGNATURE, SIGNED_AT.plusSeconds(300))).isTrue();
    }

    @Test
    void refusesRequestsOlderThanFiveMinutes() {
        assertThat(SlackSignature.verify(SECRET, TIMESTAMP, BODY, SIGNATURE, SIGNED_AT.plusSeconds(301))).isFalse();
    }

    @Test
    void refusesTimestampsFarInTheFuture() {
        assertThat(SlackSignature.verify(SECRET, TIMESTAMP, BODY, SIGNATURE, SIGNED_AT.minusSeconds(301))).isFalse();
    }

    @Test
    void refusesAChangedBody() {
        assertThat(SlackSignature.verify(SECRET, TIMESTAMP, BODY + "&x=1", SIGNATURE, SIGNED_AT)).isFalse();
    }

    @Test
    void refusesAnotherSecret() {
        assertThat(SlackSignature.verify("another-secret", TIMESTAMP, BODY, SIGNATURE, SIGNED_AT)).isFalse();
    }

    @Test
    void refusesMissingOrMalformedHeaders() {
        assertThat(SlackSignature.verify(SECRET, null, BODY, SIGNATURE, SIGNED_AT)).isFalse();
        assertThat(SlackSignature.verify(SECRET, "yesterday", BODY, SIGNATURE, SIGNED_AT)).isFalse();
        assertThat(SlackSignature.verify(SECRET, TIMESTAMP, BODY, null, SIGNED_AT)).isFalse();
        assertThat(SlackSignature.verify(SECRET, TIMESTAMP, BODY, SIGNATURE.substring(3), SIGNED_AT)).isFalse();
        assertThat(SlackSignature.verify("", TIMESTAMP, BODY, SIGNATURE, SIGNED_AT)).isFalse();
    }
}
