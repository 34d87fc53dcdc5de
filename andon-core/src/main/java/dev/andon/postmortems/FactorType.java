package dev.andon.postmortems;

import java.util.Locale;

/** The kind of a contributing factor: what part of the socio-technical system it was in. */
public enum FactorType {
    TECHNICAL("Technical", "Software, hardware, configuration, capacity."),
    PROCESS("Process", "How work is planned, reviewed, rolled out and handed over."),
    COMMUNICATION("Communication", "Who knew what, when, and through which channel."),
    EXTERNAL("External", "A provider, a dependency outside our control, the world.");

    private final String title;
    private final String hint;

    FactorType(String title, String hint) {
        this.title = title;
        this.hint = hint;
    }

    public String title() {
        return title;
    }

    public String hint() {
        return hint;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null for an unknown text, so the caller can say where it was. */
    public static FactorType parse(String text) {
        if (text == null) {
            return null;
        }
        for (FactorType type : values()) {
            if (type.key().equalsIgnoreCase(text.strip())) {
                return type;
            }
        }
        return null;
    }
}
