package dev.andon.oncall;

/**
 * One shift of a person's own calendar feed, which gathers shifts from every schedule they are on,
 * so each carries the schedule it belongs to.
 */
public record PersonShift(String scheduleSlug, String scheduleName, Shift shift) {}
