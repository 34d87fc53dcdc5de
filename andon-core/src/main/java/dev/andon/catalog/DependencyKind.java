package dev.andon.catalog;

import java.util.Locale;

/** A hard dependency takes its dependent down with it; a soft one only degrades it. */
public enum DependencyKind {
    HARD, SOFT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DependencyKind parse(String value) {
        for (DependencyKind kind : values()) {
            if (kind.wireName().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown dependency kind '" + value + "': use hard or soft");
    }
}
