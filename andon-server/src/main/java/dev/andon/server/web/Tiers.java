package dev.andon.server.web;

import java.util.List;

/** What each tier means, in one line, so people pick the same tier for the same kind of service. */
public final class Tiers {
    public static final List<Integer> ALL = List.of(1, 2, 3, 4);

    private Tiers() {}

    public static String meaning(int tier) {
        return switch (tier) {
            case 1 -> "Critical: customer-facing, an outage stops the business";
            case 2 -> "High: customer-facing, an outage degrades the product";
            case 3 -> "Medium: internal, an outage blocks teams";
            case 4 -> "Low: internal, an outage can wait until morning";
            default -> "Unknown tier";
        };
    }

    /** The badge's tooltip, "Tier 1: Critical: ...". */
    public static String title(int tier) {
        return tier >= 1 && tier <= 4 ? "Tier " + tier + ": " + meaning(tier) : meaning(tier);
    }
}
