package dev.andon.oncall;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long one person's shift in a rotation lasts: a number of hours, days or weeks. It is added in
 * the schedule's local time, so a daily shift handed off at 09:00 stays at 09:00 across a change of
 * daylight-saving time (that day's shift is 23 or 25 hours long).
 */
public record RotationLength(int amount, ChronoUnit unit) {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,4})\\s*(h|d|w)");

    public RotationLength {
        if (amount < 1) {
            throw new IllegalArgumentException("a shift lasts at least one " + unit.toString().toLowerCase(Locale.ROOT));
        }
        if (unit != ChronoUnit.HOURS && unit != ChronoUnit.DAYS && unit != ChronoUnit.WEEKS) {
            throw new IllegalArgumentException("a shift is counted in hours, days or weeks");
        }
    }

    /** "12h", "1d", "2w"; null for anything else. */
    public static RotationLength parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = TEXT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches() || Integer.parseInt(matcher.group(1)) < 1) {
            return null;
        }
        ChronoUnit unit = switch (matcher.group(2)) {
            case "h" -> ChronoUnit.HOURS;
            case "d" -> ChronoUnit.DAYS;
            default -> ChronoUnit.WEEKS;
        };
        return new RotationLength(Integer.parseInt(matcher.group(1)), unit);
    }

    /** The local date-time {@code count} shifts after {@code start}. */
    public LocalDateTime after(LocalDateTime start, long count) {
        return start.plus(count * amount, unit);
    }

    public String text() {
        return amount + switch (unit) {
            case HOURS -> "h";
            case DAYS -> "d";
            default -> "w";
        };
    }
}
