package dev.andon.postmortems;

import java.util.Locale;

/** Where an action item is: open, in progress, done, or won't do (closed without doing it, with a reason in its description). */
public enum ActionItemStatus {
    OPEN("Open"),
    IN_PROGRESS("In progress"),
    DONE("Done"),
    WONT_DO("Won't do");

    private final String text;

    ActionItemStatus(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean closed() {
        return this == DONE || this == WONT_DO;
    }

    public static ActionItemStatus parse(String text) {
        if (text == null) {
            return null;
        }
        String key = text.strip().replace('-', '_').replace(' ', '_').replace("'", "");
        for (ActionItemStatus status : values()) {
            if (status.key().equalsIgnoreCase(key)) {
                return status;
            }
        }
        return null;
    }
}
