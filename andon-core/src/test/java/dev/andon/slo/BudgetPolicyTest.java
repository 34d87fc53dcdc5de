package dev.andon.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andon.slo.BudgetPolicy.Action;
import dev.andon.slo.BudgetPolicy.State;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Error-budget policy states: healthy, at risk below a share of the budget, exhausted at or below another. */
class BudgetPolicyTest {
    @Test
    void defaultStatesByRemainingBudget() {
        BudgetPolicy policy = BudgetPolicy.DEFAULT;

        // At risk below 25% remaining (25% itself is still healthy); exhausted at 0% and below.
        assertThat(policy.state(1.0)).isEqualTo(State.HEALTHY);
        assertThat(policy.state(0.25)).isEqualTo(State.HEALTHY);
        assertThat(policy.state(0.2499)).isEqualTo(State.AT_RISK);
        assertThat(policy.state(0.0001)).isEqualTo(State.AT_RISK);
        assertThat(policy.state(0.0)).isEqualTo(State.EXHAUSTED);
        assertThat(policy.state(-0.8)).isEqualTo(State.EXHAUSTED);
    }

    @Test
    void defaultActions() {
        BudgetPolicy policy = BudgetPolicy.DEFAULT;

        assertThat(policy.atRiskBelow()).isEqualTo(0.25);
        assertThat(policy.exhaustedAt()).isEqualTo(0.0);
        assertThat(policy.actionsFor(State.HEALTHY)).isEmpty();
        assertThat(policy.actionsFor(State.AT_RISK)).containsExactly(Action.NOTIFY);
        assertThat(policy.actionsFor(State.EXHAUSTED)).containsExactlyInAnyOrder(Action.NOTIFY, Action.FREEZE);
    }

    @Test
    void customThresholdsAndMissingActions() {
        BudgetPolicy policy = new BudgetPolicy(0.5, 0.1, Map.of(State.EXHAUSTED, Set.of(Action.REQUIRE_APPROVAL)));

        assertThat(policy.state(0.5)).isEqualTo(State.HEALTHY);
        assertThat(policy.state(0.49)).isEqualTo(State.AT_RISK);
        assertThat(policy.state(0.1)).isEqualTo(State.EXHAUSTED);
        assertThat(policy.state(0.11)).isEqualTo(State.AT_RISK);
        assertThat(policy.actionsFor(State.AT_RISK)).isEmpty();
        assertThat(policy.actionsFor(State.EXHAUSTED)).containsExactly(Action.REQUIRE_APPROVAL);
    }

    @Test
    void keysAndParsing() {
        assertThat(State.AT_RISK.key()).isEqualTo("at-risk");
        assertThat(State.HEALTHY.key()).isEqualTo("healthy");
        assertThat(Action.REQUIRE_APPROVAL.key()).isEqualTo("require-approval");
        assertThat(Action.parse("require_approval")).isEqualTo(Action.REQUIRE_APPROVAL);
        assertThat(Action.parse(" Freeze ")).isEqualTo(Action.FREEZE);
        assertThat(Action.parse("rollback")).isNull();
        assertThat(Action.parse(null)).isNull();
    }

    @Test
    void thresholdsMustBeOrdered() {
        assertThatThrownBy(() -> new BudgetPolicy(0.2, 0.2, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BudgetPolicy(0.1, 0.3, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BudgetPolicy(1.5, 0.0, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
