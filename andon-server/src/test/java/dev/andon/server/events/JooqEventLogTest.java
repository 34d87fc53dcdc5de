package dev.andon.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.server.support.TestPostgres;
import java.time.Instant;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The event log contract on real PostgreSQL. */
class JooqEventLogTest {
    private final EventLog log = new JooqEventLog(DSL.using(TestPostgres.dataSource(TestPostgres.newDatabase()), SQLDialect.POSTGRES));

    @Test
    void eventsReadBackNewestFirstPerObjectWithTheirSnapshots() {
        Instant time = Instant.parse("2026-11-21T10:15:30.123456Z");
        long first = log.append(Event.of(time, "alice", "service.created", "service", "api", null, "{\"tier\": 2}"));
        long second = log.append(Event.of(time.plusSeconds(60), "bob", "service.updated", "service", "api", "{\"tier\": 2}", "{\"tier\": 1}"));
        log.append(Event.of(time, "alice", "team.created", "team", "core", null, "{}"));

        assertThat(second).isGreaterThan(first);
        var events = log.forObject("service", "api", 10);
        assertThat(events).extracting(Event::kind).containsExactly("service.updated", "service.created");
        assertThat(events.getFirst().occurredAt()).isEqualTo(time.plusSeconds(60));
        assertThat(events.getFirst().actor()).isEqualTo("bob");
        assertThat(events.getFirst().before()).isEqualTo("{\"tier\": 2}");
        assertThat(events.getLast().before()).isNull();
        assertThat(log.recent(2)).extracting(Event::kind).containsExactly("team.created", "service.updated");
        assertThat(log.forObject("service", "api", 1)).hasSize(1);
    }
}
