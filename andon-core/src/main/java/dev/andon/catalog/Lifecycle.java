package dev.andon.catalog;

import java.util.Locale;

/** Where a service is in its life, in Backstage's vocabulary. */
public enum Lifecycle {
    EXPERIMENTAL, PRODUCTION, DEPRECATED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Lifecycle parse(String value) {
        for (Lifecycle lifecycle : values()) {
            if (lifecycle.wireName().equals(value)) {
                return lifecycle;
            }
        }
        throw new IllegalArgumentException("unknown lifecycle '" + value + "': use experimental, production or deprecated");
    }
}
