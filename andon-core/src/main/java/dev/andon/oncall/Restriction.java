package dev.andon.oncall;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/**
 * When a layer is in force, in the schedule's local time: on the given days (the day a period
 * starts), from {@code from} to {@code to}. A period whose {@code to} is not after {@code from} ends
 * the next day (22:00-06:00 nights); {@code 00:00-00:00} is the whole day. Outside every restriction
 * of a layer, the layer below it (or nobody) is on call.
 */
public record Restriction(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    public Restriction {
        days = Set.copyOf(days);
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a restriction applies on at least one day");
        }
    }

    public boolean crossesMidnight() {
        return !to.isAfter(from);
    }
}
