package dev.andon.checks;

import static dev.andon.checks.CheckStatus.DEGRADED;
import static dev.andon.checks.CheckStatus.DOWN;
import static dev.andon.checks.CheckStatus.PAUSED;
import static dev.andon.checks.CheckStatus.PENDING;
import static dev.andon.checks.CheckStatus.UNKNOWN;
import static dev.andon.checks.CheckStatus.UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DownRuleTest {

    private static Map<String, CheckStatus> locations(CheckStatus... statuses) {
        Map<String, CheckStatus> byLocation = new LinkedHashMap<>();
        for (int i = 0; i < statuses.length; i++) {
            byLocation.put("location-" + i, statuses[i]);
        }
        return byLocation;
    }

    @Test
    void rulesReadBackToTheirCanonicalText() {
        assertThat(DownRule.parse("any")).isEqualTo(DownRule.ANY).hasToString("any");
        assertThat(DownRule.parse(" ALL ")).isInstanceOf(DownRule.All.class).hasToString("all");
        assertThat(DownRule.parse("at  least 2")).isEqualTo(new DownRule.AtLeast(2)).hasToString("at least 2");
        assertThat(DownRule.parse("2 of 3")).isEqualTo(new DownRule.OutOf(2, 3)).hasToString("2 of 3");
        assertThat(DownRule.parse(DownRule.parse("2 of 3").toString())).isEqualTo(new DownRule.OutOf(2, 3));
    }

    @Test
    void unreadableRulesNameTheField() {
        for (String text : new String[] {"most", "at least", "at least 0", "4 of 3", "0 of 2", "", "2 out of 3"}) {
            assertThatThrownBy(() -> DownRule.parse(text))
                    .isInstanceOfSatisfying(InvalidCheckException.class, invalid -> assertThat(invalid.field()).isEqualTo("downWhen"))
                    .hasMessageStartingWith("downWhen: ");
        }
        assertThatThrownBy(() -> DownRule.parse(null)).isInstanceOf(InvalidCheckException.class);
    }

    @Test
    void kOfNMustNameTheNumberOfLocations() {
        DownRule.parse("2 of 3").validate(3);
        assertThatThrownBy(() -> DownRule.parse("2 of 3").validate(4))
                .isInstanceOf(InvalidCheckException.class)
                .hasMessage("downWhen: '2 of 3' names 3 locations but the check runs from 4: change N or the locations");
    }

    @Test
    void atLeastCannotAskForMoreLocationsThanTheCheckHas() {
        DownRule.parse("at least 2").validate(2);
        assertThatThrownBy(() -> DownRule.parse("at least 3").validate(2))
                .isInstanceOf(InvalidCheckException.class).hasMessageContaining("can never be met");
        DownRule.ANY.validate(1);
        DownRule.parse("all").validate(5);
    }

    @Test
    void anyIsDownWhenOneLocationIsDown() {
        assertThat(DownRule.ANY.aggregate(locations(UP, DOWN, UP))).isEqualTo(DOWN);
        assertThat(DownRule.ANY.aggregate(locations(UP, UP))).isEqualTo(UP);
        assertThat(DownRule.DEFAULT).isEqualTo(DownRule.ANY);
    }

    @Test
    void allIsDownOnlyWhenEveryLocationWithAVerdictIsDown() {
        DownRule all = DownRule.parse("all");
        assertThat(all.aggregate(locations(DOWN, DOWN, DOWN))).isEqualTo(DOWN);
        assertThat(all.aggregate(locations(DOWN, UP, DOWN))).isEqualTo(DEGRADED);
        assertThat(all.aggregate(locations(DOWN, UNKNOWN, PENDING))).isEqualTo(DOWN);
        assertThat(all.aggregate(locations(UNKNOWN, PENDING))).isEqualTo(UNKNOWN);
    }

    @Test
    void atLeastCountsDownLocations() {
        DownRule atLeastTwo = DownRule.parse("at least 2");
        assertThat(atLeastTwo.aggregate(locations(DOWN, UP, UP))).isEqualTo(DEGRADED);
        assertThat(atLeastTwo.aggregate(locations(DOWN, UP, DOWN))).isEqualTo(DOWN);
    }

    @Test
    void kOfNCountsDownLocations() {
        DownRule twoOfThree = DownRule.parse("2 of 3");
        assertThat(twoOfThree.aggregate(locations(DOWN, DEGRADED, UP))).isEqualTo(DEGRADED);
        assertThat(twoOfThree.aggregate(locations(DOWN, DOWN, UP))).isEqualTo(DOWN);
    }

    @Test
    void unknownLocationsAreNotCountedSoAFlakyCheckerCannotTakeTheCheckDown() {
        DownRule atLeastTwo = DownRule.parse("at least 2");
        assertThat(atLeastTwo.aggregate(locations(DOWN, UNKNOWN, UNKNOWN))).isEqualTo(DEGRADED);
        assertThat(DownRule.ANY.aggregate(locations(UNKNOWN, UP))).isEqualTo(UP);
    }

    @Test
    void partialTroubleIsDegraded() {
        assertThat(DownRule.parse("all").aggregate(locations(UP, DEGRADED))).isEqualTo(DEGRADED);
        assertThat(DownRule.ANY.aggregate(locations(UP, DEGRADED, PENDING))).isEqualTo(DEGRADED);
    }

    @Test
    void withoutVerdictsTheCheckIsUnknownPausedOrPending() {
        assertThat(DownRule.ANY.aggregate(locations(UNKNOWN, PENDING))).isEqualTo(UNKNOWN);
        assertThat(DownRule.ANY.aggregate(locations(PENDING, PENDING))).isEqualTo(PENDING);
        assertThat(DownRule.ANY.aggregate(locations(PAUSED, PAUSED))).isEqualTo(PAUSED);
        assertThat(DownRule.ANY.aggregate(Map.of())).isEqualTo(PENDING);
        assertThat(DownRule.parse("all").aggregate(Map.of())).isEqualTo(PENDING);
    }
}
