package dev.andon.server.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as the check, heartbeat and agent pages write them: in UTC for the record (responders sit
 * in many time zones) and relative ("12 min ago", "for 3h 12m") for a glance.
 */
public final class TimeText {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private TimeText() {}

    /** "2024-05-01 14:03 UTC"; empty for null. */
    public static String minute(Instant instant) {
        return instant == null ? "" : MINUTE.format(instant);
    }

    /** "2024-05-01 14:03:22 UTC"; empty for null. */
    public static String second(Instant instant) {
        return instant == null ? "" : SECOND.format(instant);
    }

    /** A span in at most two units: "40 s", "12 min", "3h 12m", "2d 4h". */
    public static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + "h " + (minutes % 60) + "m";
        }
        return hours / 24 + "d " + (hours % 24) + "h";
    }

    /** "12 min ago", or "in 5 min" for a time still to come. */
    public static String relative(Instant instant, Instant now) {
        if (instant == null) {
            return "";
        }
        Duration between = Duration.between(instant, now);
        if (between.isNegative()) {
            return "in " + duration(between.negated());
        }
        return between.toSeconds() < 5 ? "just now" : duration(between) + " ago";
    }

    /** "for 3h 12m": how long a status has held. */
    public static String since(Instant instant, Instant now) {
        return instant == null ? "" : "for " + duration(Duration.between(instant, now));
    }
}
