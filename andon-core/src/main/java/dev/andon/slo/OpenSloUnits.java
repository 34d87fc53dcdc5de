package dev.andon.slo;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * OpenSLO's duration shorthand and the conversion between an Andon burn alert's budget fraction and
 * an OpenSLO burn-rate threshold, shared by reading and writing so that the two agree exactly.
 */
final class OpenSloUnits {
    /** A positive whole number and a case-sensitive unit: m h d w M Q Y. */
    static final Pattern DURATION = Pattern.compile("(\\d{1,9})([mhdwMQY])");
    /** Go's time.DateTime layout, which the OpenSLO SDK checks calendar.startTime against. */
    static final DateTimeFormatter START_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    private OpenSloUnits() {}

    /** Whole minutes as OpenSLO writes them (28d, 6h, 5m); anything finer cannot be said. */
    static String text(Duration duration, String what) {
        if (duration.isZero() || duration.isNegative() || duration.toSeconds() % 60 != 0 || duration.getNano() != 0) {
            throw new IllegalArgumentException(what + " " + duration + " is not a whole number of minutes, which OpenSLO needs");
        }
        return Durations.text(duration);
    }

    /** A fixed-length duration (m h d w), or null for calendar units or anything else. */
    static Duration fixed(long amount, String unit) {
        return switch (unit) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            case "w" -> Duration.ofDays(7 * amount);
            default -> null;
        };
    }

    /**
     * P in threshold = f × P / W. A calendar window's periods differ in length, so its nominal length
     * is used, counted as the OpenSLO SDK does: a month 30 days, a quarter 90, a year 365.
     */
    static Duration nominalPeriod(TimeWindow window) {
        if (window instanceof TimeWindow.Rolling rolling) {
            return rolling.length();
        }
        TimeWindow.Calendar calendar = (TimeWindow.Calendar) window;
        return switch (calendar.unit()) {
            case DAYS -> Duration.ofDays(calendar.count());
            case WEEKS -> Duration.ofDays(7L * calendar.count());
            case MONTHS -> Duration.ofDays(30L * calendar.count());
            default -> Duration.ofDays(365L * calendar.count());
        };
    }

    /**
     * The burn rate that spends {@code fraction} of the budget of {@code period} within {@code lookback}:
     * the shortest decimal that {@link #fraction} reads back to exactly {@code fraction}, so 13.44 for 2%
     * of 28 days in an hour, and 1 for a fraction that was itself read from a threshold of 1. Seventeen
     * significant digits always suffice, as they are finer than half the spacing of doubles.
     */
    static BigDecimal threshold(double fraction, Duration period, Duration lookback) {
        BigDecimal exact = new BigDecimal(fraction).multiply(BigDecimal.valueOf(period.toSeconds()));
        BigDecimal candidate = null;
        for (int digits = 1; digits <= 17; digits++) {
            candidate = exact.divide(BigDecimal.valueOf(lookback.toSeconds()), new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            if (fraction(candidate, period, lookback) == fraction) {
                return candidate;
            }
        }
        return candidate;
    }

    /** The inverse of {@link #threshold}: the budget fraction a burn-rate threshold spends, as the nearest double. */
    static double fraction(BigDecimal threshold, Duration period, Duration lookback) {
        return threshold.multiply(BigDecimal.valueOf(lookback.toSeconds())).divide(BigDecimal.valueOf(period.toSeconds()), MathContext.DECIMAL128)
                .doubleValue();
    }

    /** The Google SRE Workbook's short window: 1/12 of the long one (1h → 5m, 6h → 30m, 3d → 6h), in whole minutes. */
    static Duration defaultShortWindow(Duration longWindow) {
        return Duration.ofMinutes(Math.max(1, longWindow.toMinutes() / 12));
    }

    /** "2%", "0.5%", "33.33%": a fraction for people, to four digits. */
    static String percent(double fraction) {
        return new BigDecimal(fraction).movePointRight(2).round(new MathContext(4, RoundingMode.HALF_EVEN)).stripTrailingZeros().toPlainString() + "%";
    }
}
