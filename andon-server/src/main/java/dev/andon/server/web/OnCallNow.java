package dev.andon.server.web;

import dev.andon.catalog.User;
import dev.andon.oncall.EscalationTarget;
import dev.andon.oncall.OnCall;
import dev.andon.oncall.Schedule;
import dev.andon.oncall.Shift;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.paging.OnCallStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * "Who is on call now, until when, and who is next?" as every on-call page asks it: for a
 * schedule, and for an escalation target (a user, or whoever a schedule names). Times are given in
 * the schedule's zone, where its handoffs are planned, with the UTC instant for the record.
 */
@Component
public class OnCallNow {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    private final OnCallStore store;
    private final CatalogService catalog;
    private final Clock clock;

    public OnCallNow(OnCallStore store, CatalogService catalog, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * A schedule now. {@code user} is null when nobody is on call; {@code until} is when the person
     * hands off (through back-to-back shifts of their own), null when it is past the horizon;
     * {@code next} is who takes over then (null: nobody), or, when nobody is on call now, the next
     * person at {@code nextAt}.
     */
    public record Now(String scheduleSlug, String scheduleName, ZoneId zone, String user, String userName, boolean override,
                      Instant until, String untilLocal, String untilRelative, String next, String nextName, Instant nextAt,
                      String nextAtLocal, String nextAtRelative) {
        public boolean nobody() {
            return user == null;
        }

        public String zoneId() {
            return zone.getId();
        }
    }

    /** An escalation target now: a user, or a schedule and whoever is on call for it ({@code now} null for a user). */
    public record Target(boolean schedule, String name, String label, String href, Now now) {
        public boolean missing() {
            return schedule && now == null;
        }
    }

    public Instant instant() {
        return clock.instant();
    }

    public Map<String, User> users() {
        return catalog.repository().users().stream().collect(Collectors.toMap(User::username, Function.identity(), (a, b) -> a));
    }

    public Now of(Schedule schedule) {
        return of(schedule, users());
    }

    public Now of(Schedule schedule, Map<String, User> users) {
        Instant now = clock.instant();
        Instant horizon = now.plus(OnCall.AT_HORIZON);
        List<Shift> shifts = store.shifts(schedule, now, horizon);
        Shift current = shifts.isEmpty() || shifts.get(0).start().isAfter(now) ? null : shifts.get(0);
        String user = current == null ? null : current.user();
        Instant until = null;
        Shift next = null;
        if (current == null) {
            next = shifts.isEmpty() ? null : shifts.get(0);
        } else {
            // Back-to-back shifts of the same person (a layer turn, then an override) are one stretch to them.
            until = current.end();
            int index = 1;
            while (index < shifts.size() && shifts.get(index).start().equals(until) && shifts.get(index).user().equals(user)) {
                until = shifts.get(index).end();
                index++;
            }
            if (index < shifts.size() && shifts.get(index).start().equals(until)) {
                next = shifts.get(index);
            }
            if (!until.isBefore(horizon)) {
                until = null;
            }
        }
        ZoneId zone = schedule.zone();
        Instant nextAt = current == null ? (next == null ? null : next.start()) : until;
        return new Now(schedule.slug(), schedule.name(), zone, user, name(user, users), current != null && current.override(), until,
                local(until, zone), relative(until, now), next == null ? null : next.user(), next == null ? null : name(next.user(), users),
                nextAt, local(nextAt, zone), relative(nextAt, now));
    }

    public Target of(EscalationTarget target, Map<String, Schedule> schedules, Map<String, User> users) {
        if (target.kind() == EscalationTarget.Kind.USER) {
            return new Target(false, target.name(), name(target.name(), users), null, null);
        }
        Schedule schedule = schedules.get(target.name());
        return new Target(true, target.name(), schedule == null ? target.name() : schedule.name(), "/schedules/" + target.name(),
                schedule == null ? null : of(schedule, users));
    }

    public Map<String, Schedule> schedules() {
        return store.schedules().stream().collect(Collectors.toMap(Schedule::slug, Function.identity()));
    }

    public Optional<Schedule> schedule(String slug) {
        return store.schedule(slug);
    }

    static String name(String username, Map<String, User> users) {
        if (username == null) {
            return null;
        }
        User user = users.get(username);
        return user == null ? username : user.displayName();
    }

    /** "Tue 3 Mar 09:00" in the zone; the zone itself is said once per page. */
    static String local(Instant instant, ZoneId zone) {
        return instant == null ? null : LOCAL.format(instant.atZone(zone));
    }

    static String relative(Instant instant, Instant now) {
        return instant == null ? null : tidy(TimeText.relative(instant, now));
    }

    /** "1d" rather than "1d 0h", "8h" rather than "8h 0m". */
    static String tidy(String duration) {
        return duration.replace("d 0h", "d").replace("h 0m", "h");
    }

    /** "1 week", "3 days", "12 hours": how long a span is, for shift lengths. */
    static String span(Duration duration) {
        long hours = duration.toHours();
        if (hours > 0 && hours % (24 * 7) == 0) {
            return plural(hours / (24 * 7), "week");
        }
        if (hours > 0 && hours % 24 == 0) {
            return plural(hours / 24, "day");
        }
        return TimeText.duration(duration);
    }

    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    static boolean utc(ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC);
    }
}
