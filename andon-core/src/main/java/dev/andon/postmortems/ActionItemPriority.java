package dev.andon.postmortems;

import java.util.Locale;

/** How soon an action item matters: high, medium, low. */
public enum ActionItemPriority {
    HIGH, MEDIUM, LOW;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ActionItemPriority parse(String text) {
        if (text == null) {
            return null;
        }
        for (ActionItemPriority priority : values()) {
            if (priority.key().equalsIgnoreCase(text.strip())) {
                return priority;
            }
        }
        return null;
    }
}
