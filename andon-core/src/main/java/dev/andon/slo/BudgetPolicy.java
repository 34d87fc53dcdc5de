package dev.andon.slo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A service's error-budget policy: below {@code atRiskBelow} of the budget remaining an SLO is at
 * risk, at or below {@code exhaustedAt} it is exhausted, and each state carries actions.
 */
public record BudgetPolicy(double atRiskBelow, double exhaustedAt, Map<State, Set<Action>> actions) {
    public enum State {
        HEALTHY, AT_RISK, EXHAUSTED;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public enum Action {
        NOTIFY, REQUIRE_APPROVAL, FREEZE;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Action parse(String text) {
            for (Action action : values()) {
                if (action.key().equalsIgnoreCase(text == null ? "" : text.strip().replace('_', '-'))) {
                    return action;
                }
            }
            return null;
        }
    }

    /** The default: at risk under 25% remaining (notify the team), exhausted at 0% (notify and freeze deploys). */
    public static final BudgetPolicy DEFAULT = new BudgetPolicy(0.25, 0.0, Map.of(State.HEALTHY, Set.of(), State.AT_RISK, Set.of(Action.NOTIFY),
            State.EXHAUSTED, Set.of(Action.NOTIFY, Action.FREEZE)));

    public BudgetPolicy {
        if (!(exhaustedAt < atRiskBelow && atRiskBelow <= 1)) {
            throw new IllegalArgumentException("need exhaustedAt < atRiskBelow <= 1");
        }
        actions = Map.copyOf(actions);
    }

    public State state(double remaining) {
        if (remaining <= exhaustedAt) {
            return State.EXHAUSTED;
        }
        return remaining < atRiskBelow ? State.AT_RISK : State.HEALTHY;
    }

    public Set<Action> actionsFor(State state) {
        return actions.getOrDefault(state, Set.of());
    }

    /** A gate's answer: deny with the reasons, or allow. */
    public record Decision(boolean allow, List<String> reasons) {}
}
