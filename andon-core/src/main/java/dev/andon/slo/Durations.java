package dev.andon.slo;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as OpenSLO and Prometheus write them: 5m, 1h, 28d, 1w (no months here: those are calendar units). */
public final class Durations {
    private static final Pattern TEXT = Pattern.compile("(\\d+)([smhdw])");

    private Durations() {}

    /** Null when the text is not such a duration, so the caller can say where it was. */
    public static Duration parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = TEXT.matcher(text.strip());
        if (!matcher.matches()) {
            return null;
        }
        try {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(Math.multiplyExact(7, amount));
            };
        } catch (NumberFormatException | ArithmeticException e) {
            // Digits past a long, or more seconds than a Duration holds: not a duration either.
            return null;
        }
    }

    /** The shortest exact text: 28d, 6h, 5m, 90s. */
    public static String text(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
