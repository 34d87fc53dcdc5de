package dev.andon.alerts;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.andon.alerts.MaintenanceWindow.Occurrence;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * When a {@link MaintenanceWindow} is in effect, as instants. A recurring window's cron expression
 * or RRULE is evaluated on the wall clock of the window's zone; each match starts an occurrence
 * lasting {@code duration} of elapsed time. Occurrences may overlap; {@code start} and {@code end}
 * bound when an occurrence may start (an occurrence that starts before {@code end} runs its full length).
 *
 * <p>Daylight saving time follows the heartbeat rule ({@link dev.andon.checks.HeartbeatSchedule.Cron}),
 * so a cron job and the maintenance window around it move together:
 * <ul>
 *   <li>A wall-clock time skipped when clocks go forward starts at the end of the gap: a daily 02:30
 *       window in Europe/Berlin starts at 03:00 CEST (01:00 UTC) on 29 March 2026. Several skipped
 *       times (every 15 minutes in the gap) make one occurrence there, not several.
 *   <li>A wall-clock time that happens twice when clocks go back starts once, at its first
 *       occurrence: on 25 October 2026 the 02:30 window starts at 02:30 CEST (00:30 UTC) only.
 *   <li>{@code duration} is elapsed time, not wall-clock time: a 4h window from 02:00 on a night the
 *       clocks go back ends at 05:00 on the wall clock, having lasted four hours.
 * </ul>
 *
 * <p>An RRULE's DTSTART is the window's {@code start} read in its zone; without one it is the fixed
 * {@link #ANCHOR}, so a rule without BYHOUR, BYMINUTE or BYSECOND starts at midnight, FREQ=WEEKLY
 * without BYDAY means Mondays, and FREQ=MONTHLY without a day means the 1st. As in lib-recur, a
 * DTSTART the rule does not match is not an occurrence, and COUNT counts the occurrences the rule matches.
 * UNTIL is inclusive: in UTC ({@code ...Z}) it bounds the occurrence's instant, floating its wall-clock
 * time, and a date ({@code UNTIL=20260107}) takes in that whole day.
 *
 * <p>Evaluation never walks from the epoch or from {@code start}: it starts from the wall-clock time one
 * {@code duration} before the range asked about, moving DTSTART forward by whole periods of the rule
 * (except with COUNT, which must count from the start).
 */
public final class MaintenanceSchedule {
    /**
     * DTSTART of an RRULE given without {@code start}: 00:00 on Monday 1 January 2001, wall clock. A
     * Monday, a first of the month and of the year at midnight, so parts of the rule left out fall on
     * the natural boundaries.
     */
    static final LocalDateTime ANCHOR = LocalDateTime.of(2001, 1, 1, 0, 0);

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** The same nicknames heartbeats accept. */
    private static final Map<String, String> NICKNAMES = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final String RRULE_PREFIX = "RRULE:";

    private MaintenanceSchedule() {}

    /** Every occurrence that overlaps {@code [from, to)}, earliest first, including one that started before {@code from}. */
    public static List<Occurrence> occurrences(MaintenanceWindow window, Instant from, Instant to) {
        Objects.requireNonNull(window, "window");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the range ends (" + to + ") before it starts (" + from + ")");
        }
        if (!from.isBefore(to)) {
            return List.of();
        }
        if (!window.recurring()) {
            Occurrence only = oneOff(window);
            return only.start().isBefore(to) && only.end().isAfter(from) ? List.of(only) : List.of();
        }
        Duration duration = duration(window);
        List<Occurrence> found = new ArrayList<>();
        // An occurrence overlaps from when it ends after it: it started less than one duration before.
        Starts starts = starts(window, from.minus(duration));
        for (Instant start = starts.next(); start != null && start.isBefore(to); start = starts.next()) {
            found.add(new Occurrence(start, start.plus(duration)));
        }
        return found;
    }

    /** The occurrence in effect at {@code at}; the latest-starting one when several overlap. */
    public static Optional<Occurrence> activeAt(MaintenanceWindow window, Instant at) {
        List<Occurrence> active = occurrences(window, at, at.plusNanos(1));
        return active.isEmpty() ? Optional.empty() : Optional.of(active.getLast());
    }

    /** The first occurrence that starts strictly after {@code after}, if the window has one. */
    public static Optional<Occurrence> next(MaintenanceWindow window, Instant after) {
        Objects.requireNonNull(window, "window");
        if (!window.recurring()) {
            Occurrence only = oneOff(window);
            return only.start().isAfter(after) ? Optional.of(only) : Optional.empty();
        }
        Instant start = starts(window, after).next();
        return start == null ? Optional.empty() : Optional.of(new Occurrence(start, start.plus(duration(window))));
    }

    /**
     * Why a recurring window can never be in effect, or null when it has a first occurrence; for
     * validation, which also names the field. The expression itself must already be readable.
     */
    static String firstOccurrenceProblem(MaintenanceWindow window) {
        Instant before = window.start() != null ? window.start().minusNanos(1) : instantOf(ANCHOR, window.zone()).minusNanos(1);
        Starts starts = starts(window, before);
        Instant first = starts.next();
        if (starts.clock instanceof RuleClock rule && rule.failure != null) {
            return "matches too rarely or never to be evaluated (" + rule.failure + ")";
        }
        if (first != null) {
            return null;
        }
        return window.start() != null || window.end() != null ? "has no occurrence between start and end" : "never matches a date";
    }

    /** The cron expression's schedule; throws IllegalArgumentException with cron-utils' reason when it cannot be read. */
    static ExecutionTime cron(String expression) {
        String fields = NICKNAMES.getOrDefault(expression.strip().toLowerCase(Locale.ROOT), expression.strip());
        return ExecutionTime.forCron(CRON.parse(fields));
    }

    /** The rule, with or without its {@code RRULE:} prefix; throws IllegalArgumentException with lib-recur's reason. */
    static RecurrenceRule rule(String text) {
        String rule = text.strip();
        if (rule.regionMatches(true, 0, RRULE_PREFIX, 0, RRULE_PREFIX.length())) {
            rule = rule.substring(RRULE_PREFIX.length());
        }
        try {
            // Strict: the lax modes silently drop parts they cannot read (COUNT=0, a typo), changing the rule.
            return new RecurrenceRule(rule, RecurrenceRule.RfcMode.RFC5545_STRICT);
        } catch (InvalidRecurrenceRuleException unreadable) {
            throw new IllegalArgumentException(unreadable.getMessage(), unreadable);
        }
    }

    private static Occurrence oneOff(MaintenanceWindow window) {
        if (window.start() == null || window.end() == null) {
            throw new IllegalArgumentException("maintenance window " + window.slug() + " is neither recurring nor has a start and an end");
        }
        return new Occurrence(window.start(), window.end());
    }

    private static Duration duration(MaintenanceWindow window) {
        if (window.duration() == null || !window.duration().isPositive()) {
            throw new IllegalArgumentException("recurring maintenance window " + window.slug() + " needs a positive duration");
        }
        return window.duration();
    }

    /** The starts of a recurring window strictly after {@code after}, within its bounds, in order. */
    private static Starts starts(MaintenanceWindow window, Instant after) {
        // An occurrence may start at start itself: strictly after the nanosecond before.
        Instant bound = window.start() != null && window.start().minusNanos(1).isAfter(after) ? window.start().minusNanos(1) : after;
        // Every wall-clock time whose instant is after bound is after this one (the mapping never goes back).
        LocalDateTime wallClock = LocalDateTime.ofInstant(bound, window.zone());
        if (window.cron() != null) {
            return new Starts(new CronClock(cron(window.cron()), wallClock), window.zone(), bound, window.end(), null);
        }
        RecurrenceRule rule = rule(window.rrule());
        Instant until = null;
        DateTime ruleUntil = rule.getUntil();
        if (ruleUntil != null && ruleUntil.isAllDay()) {
            // A date includes its whole day; lib-recur refuses a date UNTIL with a date-time DTSTART.
            rule.setUntil(new DateTime(ruleUntil.getYear(), ruleUntil.getMonth(), ruleUntil.getDayOfMonth(), 23, 59, 59));
        } else if (ruleUntil != null && !ruleUntil.isFloating()) {
            // lib-recur refuses an absolute UNTIL with a floating DTSTART; it bounds the instants instead.
            until = Instant.ofEpochMilli(ruleUntil.getTimestamp());
            rule.setUntil(null);
        }
        LocalDateTime dtstart = window.start() == null ? ANCHOR
                : LocalDateTime.ofInstant(window.start(), window.zone()).truncatedTo(ChronoUnit.SECONDS);
        return new Starts(new RuleClock(rule, dtstart, wallClock), window.zone(), bound, window.end(), until);
    }

    /**
     * The instant of a wall-clock time in a zone, by the heartbeat rule: a time in a gap is the end of
     * the gap; a time in an overlap is its first occurrence (the earlier offset).
     */
    static Instant instantOf(LocalDateTime wallClock, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        if (rules.getValidOffsets(wallClock).isEmpty()) {
            return rules.getTransition(wallClock).getInstant();
        }
        return ZonedDateTime.of(wallClock, zone).toInstant();
    }

    /** Wall-clock times in increasing order, from about where asked; null when there are no more. */
    private interface WallClock {
        LocalDateTime next();
    }

    /** Instants of a wall clock, strictly increasing (two times in one gap are one instant), within the bounds. */
    private static final class Starts {
        private final WallClock clock;
        private final ZoneId zone;
        private final Instant end;
        private final Instant until;
        private Instant last;
        private boolean done;

        Starts(WallClock clock, ZoneId zone, Instant after, Instant end, Instant until) {
            this.clock = clock;
            this.zone = zone;
            this.last = after;
            this.end = end;
            this.until = until;
        }

        Instant next() {
            while (!done) {
                LocalDateTime wallClock = clock.next();
                if (wallClock == null) {
                    done = true;
                    break;
                }
                Instant start = instantOf(wallClock, zone);
                if ((end != null && !start.isBefore(end)) || (until != null && start.isAfter(until))) {
                    done = true;
                } else if (start.isAfter(last)) {
                    last = start;
                    return start;
                }
            }
            return null;
        }
    }

    private static final class CronClock implements WallClock {
        private final ExecutionTime executionTime;
        private ZonedDateTime cursor;

        CronClock(ExecutionTime executionTime, LocalDateTime from) {
            this.executionTime = executionTime;
            // cron-utils walks a wall clock with no transitions in it (UTC); the zone is applied afterwards.
            // A minute early, so a match at from itself is not passed over.
            this.cursor = from.minusMinutes(1).atZone(ZoneOffset.UTC);
        }

        @Override
        public LocalDateTime next() {
            Optional<ZonedDateTime> next = executionTime.nextExecution(cursor);
            if (next.isEmpty() || !next.get().isAfter(cursor)) {
                return null;
            }
            cursor = next.get();
            return cursor.toLocalDateTime();
        }
    }

    /**
     * An RRULE on a floating wall clock (no zone in lib-recur; the zone is applied by {@link Starts}).
     * A rule lib-recur gives up on (validation refuses those) ends the sequence: a window that cannot
     * be evaluated does not suppress pages.
     */
    private static final class RuleClock implements WallClock {
        private RecurrenceRuleIterator iterator;
        private String failure;

        RuleClock(RecurrenceRule rule, LocalDateTime dtstart, LocalDateTime from) {
            try {
                LocalDateTime first = rule.getCount() == null ? rebased(rule, dtstart, from) : dtstart;
                iterator = rule.iterator(floating(first));
                if (from.isAfter(first)) {
                    iterator.fastForward(floating(from.truncatedTo(ChronoUnit.SECONDS)));
                }
            } catch (IllegalArgumentException | ArithmeticException unusable) {
                fail(unusable);
            }
        }

        @Override
        public LocalDateTime next() {
            try {
                if (iterator == null || !iterator.hasNext()) {
                    return null;
                }
                DateTime next = iterator.nextDateTime();
                return LocalDateTime.of(next.getYear(), next.getMonth() + 1, next.getDayOfMonth(), next.getHours(), next.getMinutes(),
                        next.getSeconds());
            } catch (IllegalArgumentException | ArithmeticException unusable) {
                fail(unusable);
                return null;
            }
        }

        private void fail(RuntimeException unusable) {
            failure = unusable.getMessage();
            iterator = null;
        }

        /**
         * DTSTART moved forward by whole multiples of INTERVAL periods to just before {@code target}:
         * the rule matches the same times from there on (parts left out of the rule still come from the
         * same day, weekday and time), and lib-recur need not walk every period since the start.
         * Not when the day of the month could not be kept (the 29th-31st, 29 February).
         */
        private static LocalDateTime rebased(RecurrenceRule rule, LocalDateTime dtstart, LocalDateTime target) {
            ChronoUnit unit = switch (rule.getFreq()) {
                case SECONDLY -> ChronoUnit.SECONDS;
                case MINUTELY -> ChronoUnit.MINUTES;
                case HOURLY -> ChronoUnit.HOURS;
                case DAILY -> ChronoUnit.DAYS;
                case WEEKLY -> ChronoUnit.WEEKS;
                case MONTHLY -> ChronoUnit.MONTHS;
                case YEARLY -> ChronoUnit.YEARS;
            };
            if ((unit == ChronoUnit.MONTHS && dtstart.getDayOfMonth() > 28)
                    || (unit == ChronoUnit.YEARS && dtstart.getMonth() == Month.FEBRUARY && dtstart.getDayOfMonth() == 29)) {
                return dtstart;
            }
            long periods = unit.between(dtstart, target);
            periods -= periods % Math.max(1, rule.getInterval());
            return periods > 0 ? dtstart.plus(periods, unit) : dtstart;
        }

        private static DateTime floating(LocalDateTime wallClock) {
            return new DateTime(wallClock.getYear(), wallClock.getMonthValue() - 1, wallClock.getDayOfMonth(), wallClock.getHour(),
                    wallClock.getMinute(), wallClock.getSecond());
        }
    }
}
