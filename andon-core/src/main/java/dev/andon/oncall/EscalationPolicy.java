package dev.andon.oncall;

import java.util.List;

/**
 * Who is paged for a service's alerts, in order: tier after tier until someone acknowledges, then
 * the whole list again {@code repeat} more times. Services name their policy.
 */
public record EscalationPolicy(String slug, String name, String description, String team, List<EscalationTier> tiers, int repeat) {
    public EscalationPolicy {
        name = name == null || name.isBlank() ? slug : name;
        description = description == null ? "" : description;
        tiers = List.copyOf(tiers);
    }
}
