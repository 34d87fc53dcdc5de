package dev.andon.oncall;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who is on call for a schedule, and when: each layer's rotation and restrictions, the higher layer
 * winning over the lower, and overrides winning over every layer, flattened into one timeline.
 * See docs/SCHEDULES.md for the rules, daylight-saving time included.
 */
public final class OnCall {
    /**
     * How far either side of the instant {@link #at} computes the timeline. The shift it returns has
     * its true start and end unless that shift reaches further than this (a layer with one user, a
     * long override), in which case it is cut at the horizon. Eight weeks covers a two-week rotation
     * whose user also holds the next turns, and still costs little with hourly shifts.
     */
    public static final Duration AT_HORIZON = Duration.ofDays(56);

    private OnCall() {}

    /**
     * The final on-call timeline in {@code [from, to)}, sorted and cut to the range. Stretches when
     * nobody is on call are left out. Adjacent pieces with the same user from the same source (the
     * same layer, or the same override) are one shift; an override that spans a handoff of the
     * layers stays split there, because each piece covers a different person.
     */
    public static List<Shift> shifts(Schedule schedule, List<ScheduleOverride> overrides, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return List.of();
        }
        List<List<Shift>> layers = new ArrayList<>();
        TreeSet<Instant> boundaries = new TreeSet<>();
        for (int index = 0; index < schedule.layers().size(); index++) {
            List<Shift> layer = layerShifts(schedule, index, from, to);
            layers.add(layer);
            for (Shift shift : layer) {
                boundaries.add(shift.start());
                boundaries.add(shift.end());
            }
        }
        // The position in the caller's list is both the override's identity (unsaved ones share id 0)
        // and its precedence.
        List<Integer> inRange = new ArrayList<>();
        for (int index = 0; index < overrides.size(); index++) {
            ScheduleOverride override = overrides.get(index);
            if (override.start().isBefore(to) && override.end().isAfter(from)) {
                inRange.add(index);
                boundaries.add(latest(override.start(), from));
                boundaries.add(earliest(override.end(), to));
            }
        }

        // Between two consecutive boundaries nothing changes, so one look per stretch decides it.
        List<Piece> pieces = new ArrayList<>();
        int[] next = new int[layers.size()];
        Instant start = null;
        for (Instant end : boundaries) {
            if (start != null) {
                Piece piece = winner(layers, next, overrides, inRange, start, end);
                if (piece != null) {
                    add(pieces, piece);
                }
            }
            start = end;
        }
        return pieces.stream().map(Piece::shift).toList();
    }

    /**
     * Who is on call at {@code instant}: the shift of {@link #shifts} containing it, computed over
     * {@link #AT_HORIZON} either side. A shift starting exactly at {@code instant} is the one returned,
     * so at a handoff the new person is on call.
     */
    public static Optional<Shift> at(Schedule schedule, List<ScheduleOverride> overrides, Instant instant) {
        return shifts(schedule, overrides, instant.minus(AT_HORIZON), instant.plus(AT_HORIZON)).stream()
                .filter(shift -> !shift.start().isAfter(instant) && shift.end().isAfter(instant))
                .findFirst();
    }

    /**
     * The shifts of one layer on its own in {@code [from, to)}, as the schedule page draws it: one
     * per turn of the rotation, cut to the layer's start, end and restrictions and to the range.
     * Turns are not merged, so a handoff from a person to the same person still shows.
     */
    public static List<Shift> layerShifts(Schedule schedule, int layerIndex, Instant from, Instant to) {
        Objects.checkIndex(layerIndex, schedule.layers().size());
        Layer layer = schedule.layers().get(layerIndex);
        ZoneId zone = schedule.zone();
        if (!from.isBefore(to) || layer.users().isEmpty()) {
            return List.of();
        }
        Instant windowStart = latest(from, instant(layer.start(), zone));
        Instant windowEnd = layer.end() == null ? to : earliest(to, instant(layer.end(), zone));
        if (!windowStart.isBefore(windowEnd)) {
            return List.of();
        }
        List<Shift> turns = new ArrayList<>();
        long turn = firstTurnEndingAfter(layer, zone, windowStart);
        Instant turnStart = turnStart(layer, zone, turn);
        while (turnStart.isBefore(windowEnd)) {
            Instant turnEnd = turnStart(layer, zone, turn + 1);
            Instant start = latest(turnStart, windowStart);
            Instant end = earliest(turnEnd, windowEnd);
            // A turn can be empty when both its ends fall in one spring-forward gap.
            if (start.isBefore(end)) {
                String user = layer.users().get((int) Math.floorMod(turn, (long) layer.users().size()));
                turns.add(new Shift(user, start, end, layerIndex, false, null));
            }
            turn++;
            turnStart = turnEnd;
        }
        if (layer.restrictions().isEmpty()) {
            return turns;
        }
        return clip(turns, periods(layer.restrictions(), zone, windowStart, windowEnd));
    }

    /**
     * The number of the first turn that ends after {@code instant} (which is not before the layer
     * starts), found by dividing the local time elapsed by the shift length rather than by walking
     * turn by turn; the division is exact in local time, and the loops only correct for the odd
     * hour a change of offset moves.
     */
    private static long firstTurnEndingAfter(Layer layer, ZoneId zone, Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        long elapsed = layer.shift().unit().between(layer.start(), local);
        long turn = Math.max(0, Math.floorDiv(elapsed, layer.shift().amount()));
        while (turn > 0 && turnStart(layer, zone, turn).isAfter(instant)) {
            turn--;
        }
        while (!turnStart(layer, zone, turn + 1).isAfter(instant)) {
            turn++;
        }
        return turn;
    }

    private static Instant turnStart(Layer layer, ZoneId zone, long turn) {
        return instant(layer.shift().after(layer.start(), turn), zone);
    }

    /** Java's rule: a local time in a spring-forward gap moves later by the gap, a repeated one takes the earlier offset. */
    private static Instant instant(LocalDateTime local, ZoneId zone) {
        return ZonedDateTime.of(local, zone).toInstant();
    }

    /** The periods the restrictions allow that overlap {@code [from, to)}, sorted, overlapping ones joined. */
    private static List<Period> periods(List<Restriction> restrictions, ZoneId zone, Instant from, Instant to) {
        List<Period> periods = new ArrayList<>();
        // A period that crosses midnight may have started the day before the range.
        LocalDate last = LocalDate.ofInstant(to, zone);
        for (LocalDate day = LocalDate.ofInstant(from, zone).minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            for (Restriction restriction : restrictions) {
                if (!restriction.days().contains(day.getDayOfWeek())) {
                    continue;
                }
                Instant start = ZonedDateTime.of(day, restriction.from(), zone).toInstant();
                LocalDate endDay = restriction.crossesMidnight() ? day.plusDays(1) : day;
                Instant end = ZonedDateTime.of(endDay, restriction.to(), zone).toInstant();
                if (start.isBefore(to) && end.isAfter(from) && start.isBefore(end)) {
                    periods.add(new Period(start, end));
                }
            }
        }
        periods.sort(Comparator.comparing(Period::start));
        List<Period> joined = new ArrayList<>();
        for (Period period : periods) {
            Period previous = joined.isEmpty() ? null : joined.getLast();
            if (previous != null && !period.start().isAfter(previous.end())) {
                joined.set(joined.size() - 1, new Period(previous.start(), latest(previous.end(), period.end())));
            } else {
                joined.add(period);
            }
        }
        return joined;
    }

    /** The parts of the turns inside the periods; both lists are sorted and a period may span several turns. */
    private static List<Shift> clip(List<Shift> turns, List<Period> periods) {
        List<Shift> clipped = new ArrayList<>();
        int first = 0;
        for (Shift turn : turns) {
            while (first < periods.size() && !periods.get(first).end().isAfter(turn.start())) {
                first++;
            }
            for (int index = first; index < periods.size() && periods.get(index).start().isBefore(turn.end()); index++) {
                Period period = periods.get(index);
                Instant start = latest(turn.start(), period.start());
                Instant end = earliest(turn.end(), period.end());
                if (start.isBefore(end)) {
                    clipped.add(new Shift(turn.user(), start, end, turn.layer(), false, null));
                }
            }
        }
        return clipped;
    }

    /**
     * Who is on call in {@code [start, end)}, a stretch inside which no layer shift or override
     * begins or ends: the highest layer in force, then the last override in the list that applies to
     * that result. {@code next} holds, per layer, the first shift that may still matter; stretches
     * come in order, so it only moves forward.
     */
    private static Piece winner(List<List<Shift>> layers, int[] next, List<ScheduleOverride> overrides, List<Integer> inRange,
                                Instant start, Instant end) {
        Shift fromLayers = null;
        for (int layer = layers.size() - 1; layer >= 0; layer--) {
            List<Shift> shifts = layers.get(layer);
            while (next[layer] < shifts.size() && !shifts.get(next[layer]).end().isAfter(start)) {
                next[layer]++;
            }
            if (fromLayers == null && next[layer] < shifts.size() && !shifts.get(next[layer]).start().isAfter(start)) {
                fromLayers = shifts.get(next[layer]);
            }
        }
        String layerUser = fromLayers == null ? null : fromLayers.user();
        for (int position = inRange.size() - 1; position >= 0; position--) {
            int index = inRange.get(position);
            ScheduleOverride override = overrides.get(index);
            boolean covers = !override.start().isAfter(start) && override.end().isAfter(start);
            if (covers && (override.replaces() == null || override.replaces().equals(layerUser))) {
                return new Piece(override.user(), start, end, Shift.OVERRIDE, index, layerUser);
            }
        }
        return fromLayers == null ? null : new Piece(layerUser, start, end, fromLayers.layer(), -1, null);
    }

    private static void add(List<Piece> pieces, Piece piece) {
        Piece previous = pieces.isEmpty() ? null : pieces.getLast();
        if (previous != null && previous.end().equals(piece.start()) && previous.sameSourceAs(piece)) {
            pieces.set(pieces.size() - 1, new Piece(previous.user(), previous.start(), piece.end(), previous.layer(),
                    previous.override(), previous.covering()));
        } else {
            pieces.add(piece);
        }
    }

    private static Instant latest(Instant first, Instant second) {
        return first.isAfter(second) ? first : second;
    }

    private static Instant earliest(Instant first, Instant second) {
        return first.isBefore(second) ? first : second;
    }

    private record Period(Instant start, Instant end) {}

    /** A stretch of the timeline with where it came from: a layer index, or an override's position in the list (-1 for none). */
    private record Piece(String user, Instant start, Instant end, int layer, int override, String covering) {
        boolean sameSourceAs(Piece other) {
            return user.equals(other.user) && layer == other.layer && override == other.override
                    && Objects.equals(covering, other.covering);
        }

        Shift shift() {
            return new Shift(user, start, end, layer, override >= 0, covering);
        }
    }
}
