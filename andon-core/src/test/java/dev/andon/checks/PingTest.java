package dev.andon.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PingTest {
    private static final Instant AT = Instant.parse("2025-06-01T10:00:00Z");
    private static final String RUN = "5b3e1d4c-9a0f-4e1b-8c2d-7f6a5e4d3c2b";

    private static void assertInvalid(String suffix, String rid, String field) {
        assertThatThrownBy(() -> Ping.parse(suffix, rid, AT))
                .isInstanceOfSatisfying(InvalidCheckException.class, invalid -> assertThat(invalid.field()).isEqualTo(field));
    }

    @Test
    void theUrlSuffixSaysWhatHappened() {
        assertThat(Ping.parse("", null, AT)).isEqualTo(new Ping(PingKind.SUCCESS, null, null, AT));
        assertThat(Ping.parse(null, null, AT).kind()).isEqualTo(PingKind.SUCCESS);
        assertThat(Ping.parse("start", null, AT).kind()).isEqualTo(PingKind.START);
        assertThat(Ping.parse("/fail", null, AT).kind()).isEqualTo(PingKind.FAIL);
        assertThat(Ping.parse("log", null, AT).kind()).isEqualTo(PingKind.LOG);
    }

    @Test
    void exitStatusZeroIsASuccessAndAnyOtherAFailure() {
        assertThat(Ping.parse("0", null, AT)).isEqualTo(new Ping(PingKind.SUCCESS, 0, null, AT));
        assertThat(Ping.parse("1", null, AT)).isEqualTo(new Ping(PingKind.FAIL, 1, null, AT));
        assertThat(Ping.parse("255", null, AT)).isEqualTo(new Ping(PingKind.FAIL, 255, null, AT));
    }

    @Test
    void anythingElseIsNotAPing() {
        assertInvalid("256", null, "ping");
        assertInvalid("-1", null, "ping");
        assertInvalid("1000", null, "ping");
        assertInvalid("finish", null, "ping");
        assertThatThrownBy(() -> Ping.parse("finish", null, AT))
                .hasMessage("ping: 'finish' is not a ping: use nothing (success), start, fail, log or an exit status 0-255");
    }

    @Test
    void aRunIdMustBeAUuid() {
        assertThat(Ping.parse("start", RUN, AT).runId()).isEqualTo(UUID.fromString(RUN));
        assertThat(Ping.parse("start", "", AT).runId()).isNull();
        assertInvalid("start", "nightly-backup", "rid");
        assertInvalid("start", "1-2-3-4-5", "rid");
    }

    @Test
    void onlySuccessesAndFailuresFinishARun() {
        assertThat(PingKind.SUCCESS.finishesRun()).isTrue();
        assertThat(PingKind.FAIL.finishesRun()).isTrue();
        assertThat(PingKind.START.finishesRun()).isFalse();
        assertThat(PingKind.LOG.finishesRun()).isFalse();
    }
}
