package dev.andon.probe;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in YAML and JSON ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}) or ISO-8601. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {}

    /** Parses "30s" style or ISO-8601 ("PT30S"); null for text that is neither. */
    public static Duration parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        Matcher matcher = SHORT.matcher(trimmed);
        if (matcher.matches()) {
            if (matcher.group(1).length() > 12) {
                return null; // more than 30,000 years in any unit: not a duration anyone means
            }
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(trimmed);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Like {@link #parseOrNull}, but refuses bad text with a message naming the field. */
    public static Duration parse(String field, String text) {
        Duration duration = parseOrNull(text);
        if (duration == null) {
            throw new InvalidProbeException(field, "'" + text + "' is not a duration: write it like 500ms, 30s, 5m, 1h or 2d");
        }
        return duration;
    }

    /** The shortest exact "30s" style text: what export writes and people read. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 86_400_000 == 0 && millis > 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
