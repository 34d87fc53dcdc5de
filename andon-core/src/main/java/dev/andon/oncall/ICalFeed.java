package dev.andon.oncall;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableTransp;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import net.fortuna.ical4j.validate.ValidationException;

/**
 * On-call shifts as an RFC 5545 calendar that people subscribe to from their calendar app: one feed
 * per schedule, and one per person across all their schedules. Times are in UTC, so no time zone
 * definitions are needed and every client agrees on the handoffs.
 */
public final class ICalFeed {
    static final String PRODUCT = "-//Andon//On-call//EN";
    private static final int LINE_OCTETS = 75;

    private ICalFeed() {}

    /** Everyone's shifts on one schedule, each titled with who is on call. */
    public static String schedule(Schedule schedule, List<Shift> shifts, Instant generatedAt) {
        Calendar calendar = calendar("On call: " + schedule.name());
        for (Shift shift : shifts) {
            calendar.add(event(schedule.slug(), shift, shift.user() + " on call", description(schedule.name(), shift, schedule),
                    generatedAt));
        }
        return text(calendar);
    }

    /** One person's shifts across their schedules, each titled with the schedule. */
    public static String person(String username, List<PersonShift> shifts, Instant generatedAt) {
        Calendar calendar = calendar("On call: " + username);
        for (PersonShift personShift : shifts) {
            Shift shift = personShift.shift();
            calendar.add(event(personShift.scheduleSlug(), shift, "On call: " + personShift.scheduleName(),
                    description(personShift.scheduleName(), shift, null), generatedAt));
        }
        return text(calendar);
    }

    /**
     * The same shift gets the same UID in every feed and every time the feed is fetched, so calendar
     * apps update events instead of duplicating them. A shift cut at the edge of the range it was
     * computed over starts elsewhere next time, so callers should compute feeds over a stable window.
     */
    static String uid(String scheduleSlug, Shift shift) {
        return "oncall-" + encode(scheduleSlug) + "-" + encode(shift.user()) + "-" + shift.start().getEpochSecond() + "@andon";
    }

    private static Calendar calendar(String name) {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId(PRODUCT));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(ImmutableMethod.PUBLISH);
        calendar.add(new XProperty("X-WR-CALNAME", name));
        return calendar;
    }

    private static VEvent event(String scheduleSlug, Shift shift, String summary, String description, Instant generatedAt) {
        VEvent event = new VEvent(false);
        event.add(new Uid(uid(scheduleSlug, shift)));
        event.add(new DtStamp(generatedAt));
        event.add(new DtStart<>(shift.start()));
        event.add(new DtEnd<>(shift.end()));
        event.add(new Summary(summary));
        event.add(new Description(description));
        // Being on call does not make a person busy, so the shifts do not block their free time.
        event.add(ImmutableTransp.TRANSPARENT);
        return event;
    }

    /** Says where the shift comes from; with no schedule at hand (a person's feed) the layer is only named by number. */
    private static String description(String scheduleName, Shift shift, Schedule schedule) {
        if (shift.override()) {
            String cover = shift.covering() == null
                    ? shift.user() + " is on call by override where nobody else was."
                    : shift.user() + " is on call by override, covering " + shift.covering() + ".";
            return cover + " Schedule: " + scheduleName + ".";
        }
        String layer = schedule != null && shift.layer() >= 0 && shift.layer() < schedule.layers().size()
                ? "layer " + schedule.layers().get(shift.layer()).name()
                : "layer " + (shift.layer() + 1);
        return shift.user() + " is on call by rotation (" + layer + "). Schedule: " + scheduleName + ".";
    }

    private static String text(Calendar calendar) {
        StringWriter writer = new StringWriter();
        try {
            // Not validating: the feed is built only from properties set above, and a validation
            // failure would take a person's whole calendar offline instead of one odd event.
            new CalendarOutputter(false).output(calendar, writer);
        } catch (IOException exception) {
            throw new UncheckedIOException(exception);
        } catch (ValidationException exception) {
            throw new IllegalStateException(exception);
        }
        // ical4j folds at 75 characters, more than 75 octets for names like "München–Zürich", so
        // its lines are unfolded and folded again by octets.
        return fold(writer.toString().replace("\r\n ", "").replace("\r\n\t", ""));
    }

    /**
     * RFC 5545 section 3.1: a line longer than 75 octets is split with CRLF and one space, never
     * inside a UTF-8 sequence, so each physical line including the space stays within 75 octets.
     */
    static String fold(String text) {
        StringBuilder folded = new StringBuilder(text.length() + text.length() / 64);
        for (String line : text.split("\r\n")) {
            int octets = 0;
            for (int index = 0; index < line.length(); ) {
                int codePoint = line.codePointAt(index);
                int size = utf8Length(codePoint);
                if (octets + size > LINE_OCTETS) {
                    folded.append("\r\n ");
                    octets = 1;
                }
                folded.appendCodePoint(codePoint);
                octets += size;
                index += Character.charCount(codePoint);
            }
            folded.append("\r\n");
        }
        return folded.toString();
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
