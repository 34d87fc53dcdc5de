package dev.andon.slo;

import java.util.Locale;

/**
 * What a minute (Occurrences) or a slice (time-slice methods) without any event counts as: one
 * good event or a good slice, one bad event or a bad slice, or nothing at all (excluded, the
 * default: no traffic neither earns nor spends budget).
 */
public enum NoDataPolicy {
    GOOD, BAD, EXCLUDED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NoDataPolicy parse(String text) {
        if (text == null) {
            return null;
        }
        for (NoDataPolicy policy : values()) {
            if (policy.key().equalsIgnoreCase(text.strip())) {
                return policy;
            }
        }
        return null;
    }
}
