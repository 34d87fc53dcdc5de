package dev.andon.server.web;

import dev.andon.oncall.ScheduleOverride;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The override form as typed. Start and end come from {@code datetime-local} inputs read in the
 * schedule's zone, so people type the wall-clock times of the handoff they arrange.
 *
 * @param replaces empty: the override covers whoever is on call; a username: only that person
 */
public record OverrideForm(String user, String start, String end, String replaces, String note) {
    static final int LONGEST_NOTE = 500;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    public OverrideForm {
        user = trim(user);
        start = trim(start);
        end = trim(end);
        replaces = trim(replaces);
        note = note == null ? "" : note.strip();
    }

    /** From the next full hour, for a day: the most common override, so often only the person needs choosing. */
    public static OverrideForm blank(ZoneId zone, Instant now) {
        LocalDateTime start = now.atZone(zone).toLocalDateTime().truncatedTo(ChronoUnit.HOURS).plusHours(1);
        return new OverrideForm("", LOCAL.format(start), LOCAL.format(start.plusDays(1)), "", "");
    }

    /** The override this form describes, or null when it has problems, which go to {@code errors} by field. */
    public ScheduleOverride toOverride(ZoneId zone, Set<String> users, Instant now, FormErrors errors) {
        if (user.isEmpty()) {
            errors.add("user", "choose who is on call during the override");
        } else if (!users.contains(user)) {
            errors.add("user", "'" + user + "' is not a user: choose one from the list");
        }
        Instant from = instant("start", start, zone, errors);
        Instant until = instant("end", end, zone, errors);
        if (from != null && until != null && !until.isAfter(from)) {
            errors.add("end", "must be after the start (" + start.replace('T', ' ') + ")");
        } else if (until != null && !until.isAfter(now)) {
            errors.add("end", "is in the past: an override that is over changes nothing");
        }
        if (!replaces.isEmpty() && !users.contains(replaces)) {
            errors.add("replaces", "'" + replaces + "' is not a user: choose one from the list, or nobody in particular");
        } else if (!replaces.isEmpty() && replaces.equals(user)) {
            errors.add("replaces", "is the person covering: choose whom they cover, or nobody in particular");
        }
        if (note.length() > LONGEST_NOTE) {
            errors.add("note", "is " + note.length() + " characters long: keep it under " + LONGEST_NOTE);
        }
        if (errors.any()) {
            return null;
        }
        return new ScheduleOverride(0, user, from, until, replaces.isEmpty() ? null : replaces, note);
    }

    private static Instant instant(String field, String value, ZoneId zone, FormErrors errors) {
        if (value.isEmpty()) {
            errors.add(field, "is required: a date and time such as " + LOCAL.format(LocalDateTime.of(2026, 3, 1, 9, 0)).replace('T', ' '));
            return null;
        }
        try {
            // Seconds are allowed (some browsers send them); a time in a spring-forward gap moves later by the gap.
            LocalDateTime local = LocalDateTime.parse(value.length() > 19 ? value.substring(0, 19) : value);
            return local.atZone(zone).toInstant();
        } catch (DateTimeParseException unreadable) {
            errors.add(field, "'" + value + "' is not a date and time: write it like " + LOCAL.format(LocalDateTime.of(2026, 3, 1, 9, 0)));
            return null;
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}
