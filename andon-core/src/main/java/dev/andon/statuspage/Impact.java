package dev.andon.statuspage;

import dev.andon.incidents.IncidentSeverity;
import java.util.Locale;

/** An incident's impact and a page's indicator, in Statuspage's words; ordered from none to critical. */
public enum Impact {
    NONE, MINOR, MAJOR, CRITICAL;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** SEV1 critical, SEV2 major, SEV3 minor; SEV4 and SEV5 users do not notice. */
    public static Impact of(IncidentSeverity severity) {
        if (severity == null) {
            return NONE;
        }
        return switch (severity) {
            case SEV1 -> CRITICAL;
            case SEV2 -> MAJOR;
            case SEV3 -> MINOR;
            case SEV4, SEV5 -> NONE;
        };
    }

    public Impact worst(Impact other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
