package dev.andon.slo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The span an SLO's budget is counted over: a rolling window (the last 28 days, moving every
 * minute) or a calendar window (each month, week or quarter in a time zone, starting over at its
 * boundary). Calendar boundaries are computed in the zone's local time, so a month in Europe/Berlin
 * starts at local midnight whatever the DST offset, and its length is not a fixed number of hours.
 */
public sealed interface TimeWindow {
    /** The period containing {@code at}: [start, end). For a rolling window, the window ending at {@code at}. */
    Period periodAt(Instant at);

    /** OpenSLO's duration text: "28d", "1M", "1w", "1Q". */
    String durationText();

    record Period(Instant start, Instant end) {
        public Duration length() {
            return Duration.between(start, end);
        }

        public boolean contains(Instant at) {
            return !at.isBefore(start) && at.isBefore(end);
        }
    }

    /** The last {@code length}, ending now; minutes are the finest unit. */
    record Rolling(Duration length) implements TimeWindow {
        public Rolling {
            if (length == null || length.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("a rolling window is at least one minute");
            }
        }

        @Override
        public Period periodAt(Instant at) {
            Instant end = at.truncatedTo(ChronoUnit.MINUTES);
            return new Period(end.minus(length), end);
        }

        @Override
        public String durationText() {
            return Durations.text(length);
        }
    }

    /**
     * Calendar periods of {@code count} {@code unit}s (WEEKS, MONTHS, or MONTHS × 3 for quarters,
     * YEARS), aligned to {@code start} in {@code zone}.
     */
    record Calendar(int count, ChronoUnit unit, LocalDateTime start, ZoneId zone) implements TimeWindow {
        public Calendar {
            if (count < 1) {
                throw new IllegalArgumentException("a calendar window is at least one unit long");
            }
            if (unit != ChronoUnit.DAYS && unit != ChronoUnit.WEEKS && unit != ChronoUnit.MONTHS && unit != ChronoUnit.YEARS) {
                throw new IllegalArgumentException("calendar windows are counted in days, weeks, months (quarters are 3 months) or years");
            }
        }

        @Override
        public Period periodAt(Instant at) {
            ZonedDateTime origin = start.atZone(zone);
            ZonedDateTime local = at.atZone(zone);
            long steps = unit.between(origin.toLocalDateTime(), local.toLocalDateTime()) / count;
            if (local.toLocalDateTime().isBefore(origin.toLocalDateTime())) {
                steps -= 1;
            }
            ZonedDateTime from = origin.toLocalDateTime().plus(steps * count, unit).atZone(zone);
            // Step back or forward when month arithmetic (31st → 30th) landed on the wrong side.
            while (from.toInstant().isAfter(at)) {
                steps--;
                from = origin.toLocalDateTime().plus(steps * count, unit).atZone(zone);
            }
            ZonedDateTime to = origin.toLocalDateTime().plus((steps + 1) * count, unit).atZone(zone);
            while (!to.toInstant().isAfter(at)) {
                steps++;
                from = to;
                to = origin.toLocalDateTime().plus((steps + 1) * count, unit).atZone(zone);
            }
            return new Period(from.toInstant(), to.toInstant());
        }

        @Override
        public String durationText() {
            return switch (unit) {
                case DAYS -> count + "d";
                case WEEKS -> count + "w";
                case MONTHS -> count % 3 == 0 ? (count / 3) + "Q" : count + "M";
                default -> count + "Y";
            };
        }
    }
}
