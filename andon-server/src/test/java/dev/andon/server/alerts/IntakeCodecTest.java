package dev.andon.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andon.alerts.AlertAction;
import dev.andon.alerts.AlertEvent;
import dev.andon.alerts.AlertImage;
import dev.andon.alerts.AlertLink;
import dev.andon.alerts.ChangeEvent;
import dev.andon.alerts.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the inbox stores reads back as the same item, every field of it. */
class IntakeCodecTest {
    private static final Instant AT = Instant.parse("2026-11-22T03:04:05.123456789Z");

    @Test
    void anAlertEventWithEveryFieldReadsBackEqual() {
        AlertEvent event = new AlertEvent(AlertAction.TRIGGER, "db/disk \"full\"", "Disk 99% on db-1 \u00e9\u0000", "db-1", Severity.CRITICAL,
                Instant.parse("2026-11-22T03:00:00Z"), "postgres", "prod-db", "disk", "{\"free\": \"1%\", \"nested\": {\"a\": [1, 2]}}",
                List.of(new AlertLink("https://grafana.example.com/d/1", "Dashboard"), new AlertLink("https://runbooks.example.com/disk", null)),
                List.of(new AlertImage("https://img.example.com/1.png", "https://img.example.com", "graph"), new AlertImage("https://img.example.com/2.png", null, null)),
                "Grafana", "https://grafana.example.com", "{}:{alertname=\"DiskFull\"}");
        Intake alert = new Intake.Alert(42L, "events-v2", "ref", 7, event, AT, Duration.ofMinutes(90), "integration:pd");
        assertThat(IntakeCodec.read(IntakeCodec.write(alert))).isEqualTo(alert);
    }

    @Test
    void optionalFieldsStayAbsent() {
        AlertEvent event = new AlertEvent(AlertAction.RESOLVE, "k", null, null, null, null, null, null, null, null, null, null, null, null, null);
        Intake check = new Intake.Alert(null, "check", "api-health", 3, event, AT, null, null);
        String text = IntakeCodec.write(check);
        assertThat(text).doesNotContain("null").doesNotContain("integration").doesNotContain("links");
        assertThat(IntakeCodec.read(text)).isEqualTo(check);
    }

    @Test
    void aResolvedGroupReadsBackEqual() {
        Intake group = new Intake.ResolveGroup(9, "{}/{}:{alertname=\"X\"}", AT, "integration:am");
        assertThat(IntakeCodec.read(IntakeCodec.write(group))).isEqualTo(group);
    }

    @Test
    void aChangeEventReadsBackWithoutItsRoutingKey() {
        ChangeEvent event = new ChangeEvent("0123456789abcdef0123456789abcdef", "Deployed v42", "ci", Instant.parse("2026-11-22T02:00:00Z"),
                "{\"build\": 42}", List.of(new AlertLink("https://ci.example.com/42", "Build")));
        String text = IntakeCodec.write(new Intake.Change(5L, 6, event, AT));
        assertThat(text).as("the integration's secret key is not stored").doesNotContain("0123456789abcdef");
        assertThat(IntakeCodec.read(text)).isEqualTo(new Intake.Change(5L, 6,
                new ChangeEvent(null, "Deployed v42", "ci", event.timestamp(), "{\"build\": 42}", event.links()), AT));
    }

    @Test
    void somethingElseIsRefusedNamingWhat() {
        assertThatThrownBy(() -> IntakeCodec.read("{\"type\": \"alert\", \"receivedAt\": \"2026-11-22T00:00:00Z\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without its event");
        assertThatThrownBy(() -> IntakeCodec.read("{\"type\": \"page\", \"receivedAt\": \"2026-11-22T00:00:00Z\"}"))
                .hasMessageContaining("unknown type 'page'");
        assertThatThrownBy(() -> IntakeCodec.read("[]")).hasMessageContaining("not a JSON object");
    }
}
