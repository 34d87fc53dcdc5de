package dev.andon.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.PropertyContainer;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DateProperty;
import org.junit.jupiter.api.Test;

class ICalFeedTest {
    private static final Instant GENERATED = Instant.parse("2026-03-01T00:00:00Z");
    private static final Schedule PAYMENTS = new Schedule("payments-primary", "Payments primary", null, "payments",
            ZoneId.of("Europe/Berlin"), List.of(new Layer("weekly", LocalDateTime.parse("2026-03-02T09:00"),
            RotationLength.parseOrNull("1d"), List.of("alice", "bob"), List.of(), null)));
    private static final Shift ALICE = new Shift("alice", Instant.parse("2026-03-28T08:00:00Z"),
            Instant.parse("2026-03-29T07:00:00Z"), 0, false, null);
    private static final Shift ERIN_FOR_BOB = new Shift("erin", Instant.parse("2026-03-29T07:00:00Z"),
            Instant.parse("2026-03-29T19:00:00Z"), Shift.OVERRIDE, true, "bob");

    @Test
    void scheduleFeedHasOneEventPerShiftInUtc() throws Exception {
        Calendar calendar = parse(ICalFeed.schedule(PAYMENTS, List.of(ALICE, ERIN_FOR_BOB), GENERATED));

        List<VEvent> events = calendar.getComponents(Component.VEVENT);
        assertThat(events).hasSize(2);
        assertThat(events).extracting(event -> instant(event, Property.DTSTART))
                .containsExactly(ALICE.start(), ERIN_FOR_BOB.start());
        assertThat(events).extracting(event -> instant(event, Property.DTEND))
                .containsExactly(ALICE.end(), ERIN_FOR_BOB.end());
        assertThat(events).extracting(event -> instant(event, Property.DTSTAMP)).containsOnly(GENERATED);
        assertThat(events).extracting(event -> value(event, Property.SUMMARY)).containsExactly("alice on call", "erin on call");
        assertThat(value(events.get(0), Property.DESCRIPTION)).contains("rotation", "weekly");
        assertThat(value(events.get(1), Property.DESCRIPTION)).contains("override", "covering bob");
    }

    @Test
    void feedNamesItselfAndItsProducer() throws Exception {
        String text = ICalFeed.schedule(PAYMENTS, List.of(ALICE), GENERATED);
        Calendar calendar = parse(text);

        assertThat(value(calendar, Property.PRODID)).isEqualTo("-//Andon//On-call//EN");
        assertThat(value(calendar, Property.VERSION)).isEqualTo("2.0");
        assertThat(value(calendar, "X-WR-CALNAME")).isEqualTo("On call: Payments primary");
        assertThat(text).contains("DTSTART:20260328T080000Z\r\n", "DTEND:20260329T070000Z\r\n");
    }

    @Test
    void everyLineEndsWithCrlf() {
        String text = ICalFeed.schedule(PAYMENTS, List.of(ALICE, ERIN_FOR_BOB), GENERATED);

        assertThat(text).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n", "\r");
    }

    @Test
    void uidIsStableAcrossFetchesAndDistinctPerShift() throws Exception {
        Calendar first = parse(ICalFeed.schedule(PAYMENTS, List.of(ALICE, ERIN_FOR_BOB), GENERATED));
        Calendar later = parse(ICalFeed.schedule(PAYMENTS, List.of(ALICE, ERIN_FOR_BOB), GENERATED.plusSeconds(3600)));

        List<String> firstUids = first.<VEvent>getComponents(Component.VEVENT).stream().map(event -> value(event, Property.UID)).toList();
        List<String> laterUids = later.<VEvent>getComponents(Component.VEVENT).stream().map(event -> value(event, Property.UID)).toList();
        assertThat(firstUids).isEqualTo(laterUids).doesNotHaveDuplicates();
        assertThat(firstUids.get(0)).contains("payments-primary", "alice", String.valueOf(ALICE.start().getEpochSecond()));
    }

    @Test
    void personFeedTitlesEachShiftWithItsSchedule() throws Exception {
        List<PersonShift> shifts = List.of(new PersonShift("payments-primary", "Payments primary", ALICE),
                new PersonShift("search-primary", "Search primary", new Shift("alice", Instant.parse("2026-04-01T08:00:00Z"),
                        Instant.parse("2026-04-02T08:00:00Z"), 1, false, null)));

        Calendar calendar = parse(ICalFeed.person("alice", shifts, GENERATED));

        assertThat(value(calendar, "X-WR-CALNAME")).isEqualTo("On call: alice");
        List<VEvent> events = calendar.getComponents(Component.VEVENT);
        assertThat(events).extracting(event -> value(event, Property.SUMMARY))
                .containsExactly("On call: Payments primary", "On call: Search primary");
        assertThat(value(events.get(0), Property.UID)).isEqualTo(ICalFeed.uid("payments-primary", ALICE));
    }

    @Test
    void emptyFeedIsStillACalendar() throws Exception {
        Calendar calendar = parse(ICalFeed.person("alice", List.of(), GENERATED));

        assertThat(calendar.getComponents(Component.VEVENT)).isEmpty();
        assertThat(value(calendar, Property.PRODID)).isEqualTo("-//Andon//On-call//EN");
    }

    @Test
    void commasAndSemicolonsAreEscapedAndLongLinesFolded() throws Exception {
        String name = "Payments, cards; refunds, chargebacks; disputes and everything else that touches money";
        Schedule schedule = new Schedule("payments-primary", name, null, "payments", ZoneId.of("Europe/Berlin"), List.of());

        String text = ICalFeed.schedule(schedule, List.of(ERIN_FOR_BOB), GENERATED);

        assertThat(text).contains("X-WR-CALNAME:On call: Payments\\, cards\\; refunds\\,");
        assertThat(text).contains("\r\n ");
        assertThat(lineLengthsInOctets(text)).allSatisfy(length -> assertThat(length).isLessThanOrEqualTo(75));
        Calendar calendar = parse(text);
        assertThat(value(calendar, "X-WR-CALNAME")).isEqualTo("On call: " + name);
        assertThat(value(calendar.getComponents(Component.VEVENT).getFirst(), Property.DESCRIPTION)).endsWith("Schedule: " + name + ".");
    }

    @Test
    void foldingCountsOctetsNotCharacters() throws Exception {
        String name = "Zahlungsverkehr Düsseldorf–München–Zürich–Köln–Lörrach–Görlitz–Würzburg–Fürth";
        Schedule schedule = new Schedule("zahlungen", name, null, "payments", ZoneId.of("Europe/Berlin"), List.of());

        String text = ICalFeed.schedule(schedule, List.of(ALICE), GENERATED);

        assertThat(lineLengthsInOctets(text)).allSatisfy(length -> assertThat(length).isLessThanOrEqualTo(75));
        assertThat(value(parse(text), "X-WR-CALNAME")).isEqualTo("On call: " + name);
    }

    private static Calendar parse(String text) throws Exception {
        return new CalendarBuilder().build(new StringReader(text));
    }

    private static List<Integer> lineLengthsInOctets(String text) {
        return Arrays.stream(text.split("\r\n")).map(line -> line.getBytes(StandardCharsets.UTF_8).length).toList();
    }

    private static String value(PropertyContainer container, String name) {
        return container.getProperty(name).map(Property::getValue).orElseThrow();
    }

    private static Instant instant(VEvent event, String name) {
        DateProperty<?> property = event.<DateProperty<?>>getProperty(name).orElseThrow();
        return Instant.from(property.getDate());
    }
}
