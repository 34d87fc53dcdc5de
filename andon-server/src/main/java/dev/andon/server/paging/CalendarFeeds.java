package dev.andon.server.paging;

import dev.andon.oncall.ICalFeed;
import dev.andon.oncall.PersonShift;
import dev.andon.oncall.Schedule;
import dev.andon.oncall.Shift;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * iCal feeds of on-call shifts, per schedule and per person, for calendar apps to subscribe to:
 * from a week ago to 8 weeks ahead, over a window aligned to the day so each shift keeps its UID
 * between fetches. The key in the URL ({@link FeedKeys}) is the credential.
 */
@RestController
public class CalendarFeeds {
    private static final MediaType CALENDAR = MediaType.parseMediaType("text/calendar;charset=UTF-8");

    private final OnCallStore onCall;
    private final FeedKeys keys;
    private final Clock clock;

    public CalendarFeeds(OnCallStore onCall, FeedKeys keys, Clock clock) {
        this.onCall = onCall;
        this.keys = keys;
        this.clock = clock;
    }

    @GetMapping("/ical/schedules/{slug}.ics")
    public ResponseEntity<String> schedule(@PathVariable String slug, @RequestParam(required = false) String key) {
        if (!keys.validSchedule(slug, key)) {
            return refused();
        }
        Schedule schedule = onCall.schedule(slug).orElse(null);
        if (schedule == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN).body("no schedule '" + slug + "'\n");
        }
        Instant from = windowStart();
        return ResponseEntity.ok().contentType(CALENDAR).body(ICalFeed.schedule(schedule, onCall.shifts(schedule, from, windowEnd(from)),
                clock.instant()));
    }

    @GetMapping("/ical/users/{username}.ics")
    public ResponseEntity<String> person(@PathVariable String username, @RequestParam(required = false) String key) {
        if (!keys.validPerson(username, key)) {
            return refused();
        }
        Instant from = windowStart();
        Instant to = windowEnd(from);
        List<PersonShift> shifts = new ArrayList<>();
        for (Schedule schedule : onCall.schedules()) {
            for (Shift shift : onCall.shifts(schedule, from, to)) {
                if (shift.user().equals(username)) {
                    shifts.add(new PersonShift(schedule.slug(), schedule.name(), shift));
                }
            }
        }
        return ResponseEntity.ok().contentType(CALENDAR).body(ICalFeed.person(username, shifts, clock.instant()));
    }

    private Instant windowStart() {
        return clock.instant().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(7));
    }

    private static Instant windowEnd(Instant from) {
        return from.plus(Duration.ofDays(7 + 56));
    }

    /** The same answer for a wrong key and an unknown name, so the feed does not tell which names exist. */
    private static ResponseEntity<String> refused() {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
                .body("This calendar link is not valid: copy it again from the schedule or your profile page in Andon.\n");
    }
}
