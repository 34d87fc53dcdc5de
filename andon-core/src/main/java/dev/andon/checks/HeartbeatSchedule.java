package dev.andon.checks;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Locale;
import java.util.Map;

/**
 * When a heartbeat check expects its next ping, and how much grace it gives after that before the
 * check is down. Grace is also the longest a run may take between {@code /start} and its finish.
 */
public sealed interface HeartbeatSchedule permits HeartbeatSchedule.Simple, HeartbeatSchedule.Cron {

    Duration grace();

    /** When the ping after {@code lastPing} is due; the check is late from then on. */
    Instant expectedAfter(Instant lastPing);

    /** When the check is down if no ping came after {@code lastPing}: the grace has run out. */
    default Instant downAfter(Instant lastPing) {
        return expectedAfter(lastPing).plus(grace());
    }

    /** A job that pings every {@code period}, such as a loop or a systemd timer with a fixed interval. */
    record Simple(Duration period, Duration grace) implements HeartbeatSchedule {
        public Simple {
            requireSecondToYear("period", period);
            requireSecondToYear("grace", grace);
        }

        @Override
        public Instant expectedAfter(Instant lastPing) {
            return lastPing.plus(period);
        }
    }

    /**
     * A job run by cron: a five-field Unix expression (minute hour day-of-month month day-of-week,
     * plus {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly}, {@code @yearly}),
     * evaluated on the wall clock of {@code zone} and converted to an instant, like the cron daemon
     * that runs the job. When day-of-month and day-of-week are both restricted, either matching is
     * enough, as in Unix cron.
     *
     * <p>Daylight saving time, where the wall clock and the instant part ways:
     * <ul>
     *   <li>A time skipped when clocks go forward (02:30 on the last Sunday of March in
     *       Europe/Amsterdam) is expected at the first instant after the gap, 03:00 local. Debian's
     *       and Vixie's cron run such a job right after the jump, and Healthchecks expects it then,
     *       so a job that did not run that night is noticed that night.
     *   <li>A time that happens twice when clocks go back (01:30 on the first Sunday of November in
     *       America/New_York) is expected once, at its first occurrence: cron does not run a fixed-time
     *       job twice. Jobs that run more often than hourly are then not expected again until the
     *       wall clock passes the repeated hour; that hour can miss a late job, never raise a false one.
     * </ul>
     */
    record Cron(String expression, ZoneId zone, Duration grace) implements HeartbeatSchedule {
        private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
        private static final Map<String, String> NICKNAMES = Map.of(
                "@yearly", "0 0 1 1 *",
                "@annually", "0 0 1 1 *",
                "@monthly", "0 0 1 * *",
                "@weekly", "0 0 * * 0",
                "@daily", "0 0 * * *",
                "@midnight", "0 0 * * *",
                "@hourly", "0 * * * *");
        /** A reference to prove an expression matches at all: "0 0 30 2 *" parses but never fires. */
        private static final ZonedDateTime SOME_TIME = LocalDateTime.of(2000, 1, 1, 0, 0).atZone(ZoneOffset.UTC);

        public Cron {
            if (expression == null || expression.isBlank()) {
                throw new InvalidCheckException("schedule", "is required: a cron expression such as '30 2 * * *'");
            }
            expression = expression.strip();
            if (zone == null) {
                throw new InvalidCheckException("timezone", "is required: a zone such as 'Europe/Amsterdam' or 'UTC'");
            }
            requireSecondToYear("grace", grace);
            if (executionTime(expression).nextExecution(SOME_TIME).isEmpty()) {
                throw new InvalidCheckException("schedule", "'" + expression + "' never matches a date");
            }
        }

        /** Reads the time zone as the user wrote it, naming the field when it is not a zone. */
        public static Cron of(String expression, String timezone, Duration grace) {
            if (timezone == null || timezone.isBlank()) {
                throw new InvalidCheckException("timezone", "is required: a zone such as 'Europe/Amsterdam' or 'UTC'");
            }
            ZoneId zone;
            try {
                zone = ZoneId.of(timezone.strip());
            } catch (DateTimeException unknown) {
                throw new InvalidCheckException("timezone", "'" + timezone + "' is not a time zone: use a name such as 'Europe/Amsterdam' or 'UTC'");
            }
            return new Cron(expression, zone, grace);
        }

        /** The first match strictly after {@code lastPing}, by the rules in the class comment. */
        @Override
        public Instant expectedAfter(Instant lastPing) {
            ExecutionTime executionTime = executionTime(expression);
            // cron-utils walks a wall clock with no transitions in it; the zone is applied afterwards.
            ZonedDateTime wallClock = LocalDateTime.ofInstant(lastPing, zone).atZone(ZoneOffset.UTC);
            while (true) {
                wallClock = executionTime.nextExecution(wallClock)
                        .orElseThrow(() -> new IllegalStateException("'" + expression + "' has no match after " + lastPing));
                Instant candidate = instantOf(wallClock.toLocalDateTime());
                // Only in a repeated hour: the first occurrence of this wall-clock time is already past.
                if (candidate.isAfter(lastPing)) {
                    return candidate;
                }
            }
        }

        private Instant instantOf(LocalDateTime wallClock) {
            var rules = zone.getRules();
            if (rules.getValidOffsets(wallClock).isEmpty()) {
                ZoneOffsetTransition gap = rules.getTransition(wallClock);
                return gap.getInstant();
            }
            // ZonedDateTime.of takes the earlier offset in an overlap: the first occurrence.
            return ZonedDateTime.of(wallClock, zone).toInstant();
        }

        private static ExecutionTime executionTime(String expression) {
            String fields = NICKNAMES.getOrDefault(expression.toLowerCase(Locale.ROOT), expression);
            try {
                return ExecutionTime.forCron(PARSER.parse(fields));
            } catch (IllegalArgumentException unreadable) {
                throw new InvalidCheckException("schedule", "'" + expression + "' is not a five-field cron expression"
                        + " (minute hour day-of-month month day-of-week): " + unreadable.getMessage());
            }
        }
    }

    /** Periods and graces run from a second, the finest a ping is timed, to a year. */
    private static void requireSecondToYear(String field, Duration value) {
        if (value == null) {
            throw new InvalidCheckException(field, "is required");
        }
        if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofDays(365)) > 0) {
            throw new InvalidCheckException(field, "must be between 1 second and 365 days, was " + value);
        }
    }
}
