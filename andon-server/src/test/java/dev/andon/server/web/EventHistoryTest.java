package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.events.Event;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** History shows only what changed, in readable values, at a UTC minute. */
class EventHistoryTest {

    @Test
    void listsOnlyChangedTopLevelFieldsInFormOrder() {
        String before = "{\"tags\":[\"a\"],\"name\":\"Payments\",\"tier\":2,\"dependsOn\":[{\"service\":\"db\",\"kind\":\"hard\"}]}";
        String after = "{\"tags\":[\"a\",\"b\"],\"name\":\"Payments\",\"tier\":1,\"dependsOn\":[{\"service\":\"db\",\"kind\":\"soft\"}]}";

        List<EventHistory.Change> changes = EventHistory.changes(before, after);

        assertThat(changes).containsExactly(
                new EventHistory.Change("tier", "2", "1"),
                new EventHistory.Change("tags", "a", "a, b"),
                new EventHistory.Change("dependsOn", "db", "db (soft)"));
    }

    @Test
    void showsCreationsAsNewValuesAndDeletionsWithoutFields() {
        assertThat(EventHistory.changes(null, "{\"slug\":\"x\",\"description\":\"\"}"))
                .containsExactly(new EventHistory.Change("slug", null, "x"));
        assertThat(EventHistory.changes("{\"slug\":\"x\"}", null)).isEmpty();
        assertThat(EventHistory.changes(null, null)).isEmpty();
    }

    @Test
    void formatsTimeInUtcToTheMinute() {
        Event event = new Event(1, Instant.parse("2026-11-21T23:51:42Z"), "ada", "service.updated", "service", "x", "{}", "{}");

        EventHistory.Entry entry = EventHistory.of(List.of(event)).getFirst();

        assertThat(entry.time()).isEqualTo("2026-11-21 23:51 UTC");
        assertThat(entry.isoTime()).isEqualTo("2026-11-21T23:51:42Z");
        assertThat(entry.changes()).isEmpty();
    }

    @Test
    void summarisesTokenAndPasswordEventsInsteadOfListingFields() {
        Instant now = Instant.parse("2026-11-21T23:51:42Z");
        Event created = new Event(1, now, "ada", "token.created", "user", "ada", null, "{\"scopes\":[\"read\",\"write\"],\"token\":\"ci\"}");
        Event revoked = new Event(2, now, "admin", "token.revoked", "user", "ada", null, "{\"token\":\"ci\"}");
        Event password = new Event(3, now, "ada", "user.password-changed", "user", "ada", null, null);
        Event updated = new Event(4, now, "admin", "user.updated", "user", "ada", "{\"role\":\"member\"}", "{\"role\":\"admin\"}");

        List<EventHistory.Entry> entries = EventHistory.of(List.of(created, revoked, password, updated));

        assertThat(entries).extracting(EventHistory.Entry::summary)
                .containsExactly("created token ci (read, write)", "revoked token ci", "changed the password", null);
        assertThat(entries.get(0).changes()).isEmpty();
        assertThat(entries.get(3).changes()).containsExactly(new EventHistory.Change("role", "member", "admin"));
    }
}
