package dev.andon.postmortems;

import java.util.Locale;

/** What an action item does about the failure: prevent it, mitigate its impact, detect it sooner, or change a process. */
public enum ActionItemType {
    PREVENT, MITIGATE, DETECT, PROCESS;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ActionItemType parse(String text) {
        if (text == null) {
            return null;
        }
        for (ActionItemType type : values()) {
            if (type.key().equalsIgnoreCase(text.strip())) {
                return type;
            }
        }
        return null;
    }
}
