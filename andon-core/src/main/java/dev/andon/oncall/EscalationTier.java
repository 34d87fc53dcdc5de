package dev.andon.oncall;

import java.time.Duration;
import java.util.List;

/** One tier of an escalation policy: who is paged, and how long they have to acknowledge before the next tier is. */
public record EscalationTier(List<EscalationTarget> targets, Duration escalateAfter) {
    public EscalationTier {
        targets = List.copyOf(targets);
    }
}
