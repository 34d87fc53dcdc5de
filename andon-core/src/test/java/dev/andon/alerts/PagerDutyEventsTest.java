package dev.andon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andon.probe.ProbeSpecs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PagerDutyEventsTest {

    private static JsonNode json(String text) {
        return ProbeSpecs.json().readTree(text);
    }

    private static List<String> errors(String body) {
        try {
            PagerDutyEvents.parse(json(body));
        } catch (InvalidEventException e) {
            return e.errors();
        }
        throw new AssertionError("expected the event to be refused: " + body);
    }

    private static List<String> changeErrors(String body) {
        try {
            PagerDutyEvents.parseChange(json(body));
        } catch (InvalidEventException e) {
            return e.errors();
        }
        throw new AssertionError("expected the change event to be refused: " + body);
    }

    /** PagerDuty's own example trigger ("Send an Alert Event" in its developer documentation), every field set. */
    @Test
    void pagerDutysExampleTriggerReadsEveryField() {
        PagerDutyEvents.Enqueue enqueue = PagerDutyEvents.parse(json("""
                {
                  "payload": {
                    "summary": "Example alert on host1.example.com",
                    "timestamp": "2015-07-17T08:42:58.315+0000",
                    "source": "monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003",
                    "severity": "info",
                    "component": "postgres",
                    "group": "prod-datapipe",
                    "class": "deploy",
                    "custom_details": {"ping time": "1500ms", "load avg": 0.75}
                  },
                  "routing_key": "samplekeyhere",
                  "dedup_key": "samplekeyhere",
                  "images": [{"src": "https://www.pagerduty.com/wp-content/uploads/2016/05/pagerduty-logo-green.png",
                              "href": "https://example.com/", "alt": "Example text"}],
                  "links": [{"href": "https://example.com/", "text": "Link text"}],
                  "event_action": "trigger",
                  "client": "Sample Monitoring Service",
                  "client_url": "https://monitoring.example.com"
                }
                """));

        assertThat(enqueue.routingKey()).isEqualTo("samplekeyhere");
        AlertEvent event = enqueue.event();
        assertThat(event.action()).isEqualTo(AlertAction.TRIGGER);
        assertThat(event.dedupKey()).isEqualTo("samplekeyhere");
        assertThat(event.summary()).isEqualTo("Example alert on host1.example.com");
        assertThat(event.source()).isEqualTo("monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003");
        assertThat(event.severity()).isEqualTo(Severity.INFO);
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2015-07-17T08:42:58.315Z"));
        assertThat(event.component()).isEqualTo("postgres");
        assertThat(event.group()).isEqualTo("prod-datapipe");
        assertThat(event.eventClass()).isEqualTo("deploy");
        assertThat(json(event.customDetails())).isEqualTo(json("{\"ping time\": \"1500ms\", \"load avg\": 0.75}"));
        assertThat(event.links()).containsExactly(new AlertLink("https://example.com/", "Link text"));
        assertThat(event.images()).containsExactly(new AlertImage(
                "https://www.pagerduty.com/wp-content/uploads/2016/05/pagerduty-logo-green.png", "https://example.com/", "Example text"));
        assertThat(event.client()).isEqualTo("Sample Monitoring Service");
        assertThat(event.clientUrl()).isEqualTo("https://monitoring.example.com");
        assertThat(event.groupKey()).isNull();
    }

    @Test
    void aTriggerWithoutDedupKeyLeavesTheKeyToThePipeline() {
        PagerDutyEvents.Enqueue enqueue = PagerDutyEvents.parse(json("""
                {"routing_key": "R0UT1NGKEY", "event_action": "trigger",
                 "payload": {"summary": "Build failing on main", "severity": "error", "source": "CircleCI"}}
                """));

        assertThat(enqueue.event()).isEqualTo(new AlertEvent(AlertAction.TRIGGER, null, "Build failing on main", "CircleCI", Severity.ERROR,
                null, null, null, null, null, List.of(), List.of(), null, null, null));
    }

    @Test
    void aBlankDedupKeyOnATriggerCountsAsNone() {
        PagerDutyEvents.Enqueue enqueue = PagerDutyEvents.parse(json("""
                {"routing_key": "k", "event_action": "trigger", "dedup_key": "",
                 "payload": {"summary": "s", "severity": "info", "source": "x"}}
                """));

        assertThat(enqueue.event().dedupKey()).isNull();
    }

    /** PagerDuty's example acknowledge and resolve: key and action, nothing else. */
    @Test
    void acknowledgeAndResolveNeedOnlyTheKeyAndTheAction() {
        AlertEvent acknowledge = PagerDutyEvents.parse(json("""
                {"routing_key": "routingkeyhere", "dedup_key": "dedupkeyhere", "event_action": "acknowledge"}
                """)).event();
        AlertEvent resolve = PagerDutyEvents.parse(json("""
                {"routing_key": "routingkeyhere", "dedup_key": "dedupkeyhere", "event_action": "resolve"}
                """)).event();

        assertThat(acknowledge).isEqualTo(new AlertEvent(AlertAction.ACKNOWLEDGE, "dedupkeyhere", null, null, null, null, null, null, null,
                null, List.of(), List.of(), null, null, null));
        assertThat(resolve).isEqualTo(new AlertEvent(AlertAction.RESOLVE, "dedupkeyhere", null, null, null, null, null, null, null, null,
                List.of(), List.of(), null, null, null));
    }

    /** What Alertmanager's PagerDuty notifier sends when a group resolves: a full payload, string custom details. */
    @Test
    void aResolveWithAlertmanagersPayloadIsAcceptedAndKeepsItsFields() {
        String dedupKey = "5c1b6d5a7a4e3f2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b";
        PagerDutyEvents.Enqueue enqueue = PagerDutyEvents.parse(json("""
                {
                  "routing_key": "andon-integration-key",
                  "dedup_key": "%s",
                  "event_action": "resolve",
                  "payload": {
                    "summary": "[RESOLVED] HighLatency api",
                    "source": "Alertmanager",
                    "severity": "not-a-pagerduty-severity",
                    "custom_details": {"firing": "", "num_firing": "0", "num_resolved": "1", "resolved": "Labels:\\n - alertname = HighLatency\\n"}
                  },
                  "client": "Alertmanager",
                  "client_url": "http://alertmanager.example.com:9093/#/alerts?receiver=andon"
                }
                """.formatted(dedupKey)));

        AlertEvent event = enqueue.event();
        assertThat(event.action()).isEqualTo(AlertAction.RESOLVE);
        assertThat(event.dedupKey()).isEqualTo(dedupKey);
        assertThat(event.summary()).isEqualTo("[RESOLVED] HighLatency api");
        assertThat(event.source()).isEqualTo("Alertmanager");
        assertThat(event.severity()).as("a resolve carries no severity").isNull();
        assertThat(json(event.customDetails()).get("num_resolved").asString()).isEqualTo("1");
        assertThat(event.client()).isEqualTo("Alertmanager");
        assertThat(event.clientUrl()).isEqualTo("http://alertmanager.example.com:9093/#/alerts?receiver=andon");
    }

    @Test
    void aResolvesPayloadIsCheckedForTypesOnly() {
        assertThat(errors("""
                {"routing_key": "k", "dedup_key": "d", "event_action": "resolve", "payload": {"summary": 42}}
                """)).containsExactly("'payload.summary' must be a string, not a number");
        assertThat(errors("""
                {"routing_key": "k", "dedup_key": "d", "event_action": "acknowledge", "payload": "resolved"}
                """)).containsExactly("'payload' must be an object, not a string");

        AlertEvent lenient = PagerDutyEvents.parse(json("""
                {"routing_key": "k", "dedup_key": "d", "event_action": "resolve",
                 "payload": {"summary": "%s", "timestamp": "yesterday"}}
                """.formatted("x".repeat(2000)))).event();
        assertThat(lenient.summary()).hasSize(1024).endsWith("x…");
        assertThat(lenient.timestamp()).isNull();
    }

    @Test
    void anEmptyObjectNamesTheRoutingKeyAndTheAction() {
        assertThat(errors("{}")).containsExactly("'routing_key' is missing or blank", "'event_action' is missing or blank");
    }

    @Test
    void aTriggerWithoutPayloadNamesThePayload() {
        assertThat(errors("""
                {"routing_key": "k", "event_action": "trigger"}
                """)).containsExactly("'payload' is missing or blank");
    }

    @Test
    void everyMissingPayloadFieldOfATriggerIsReportedAtOnce() {
        assertThat(errors("""
                {"routing_key": "  ", "event_action": "trigger", "payload": {"summary": "", "source": null}}
                """)).containsExactly(
                "'routing_key' is missing or blank",
                "'payload.summary' is missing or blank",
                "'payload.source' is missing or blank",
                "'payload.severity' is missing or blank");
    }

    @Test
    void severityAndActionMustBeOneOfPagerDutysValues() {
        assertThat(errors("""
                {"routing_key": "k", "event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "page"}}
                """)).containsExactly("'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')");
        assertThat(errors("""
                {"routing_key": "k", "event_action": "escalate", "dedup_key": "d"}
                """)).containsExactly("'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')");
    }

    @Test
    void severityAndActionAreReadIgnoringCase() {
        AlertEvent event = PagerDutyEvents.parse(json("""
                {"routing_key": "k", "event_action": "Trigger", "payload": {"summary": "s", "source": "x", "severity": "CRITICAL"}}
                """)).event();

        assertThat(event.action()).isEqualTo(AlertAction.TRIGGER);
        assertThat(event.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void acknowledgeAndResolveNeedADedupKey() {
        assertThat(errors("""
                {"routing_key": "k", "event_action": "acknowledge"}
                """)).containsExactly("'dedup_key' is missing or blank");
        assertThat(errors("""
                {"routing_key": "k", "event_action": "resolve", "dedup_key": " "}
                """)).containsExactly("'dedup_key' is missing or blank");
    }

    @Test
    void summaryAndDedupKeyLengthsAreCheckedInCharacters() {
        String trigger = """
                {"routing_key": "k", "event_action": "trigger", "dedup_key": "%s", "payload": {"summary": "%s", "source": "x", "severity": "info"}}
                """;

        AlertEvent atTheLimit = PagerDutyEvents.parse(json(trigger.formatted("k".repeat(255), "🔥".repeat(1024)))).event();
        assertThat(atTheLimit.dedupKey()).hasSize(255);
        assertThat(atTheLimit.summary().codePointCount(0, atTheLimit.summary().length())).isEqualTo(1024);

        assertThat(errors(trigger.formatted("k".repeat(256), "s".repeat(1025)))).containsExactly(
                "'dedup_key' is too long (maximum is 255 characters)",
                "'payload.summary' is too long (maximum is 1024 characters)");
    }

    @Test
    void wrongJsonTypesNameTheField() {
        assertThat(errors("""
                {"routing_key": 12345, "event_action": "trigger", "dedup_key": 7,
                 "payload": {"summary": 3.5, "source": {"host": "a"}, "severity": ["error"], "timestamp": 1437122578,
                             "component": true, "group": [], "class": 1},
                 "links": {"href": "https://example.com"},
                 "images": ["https://example.com/graph.png"],
                 "client": 1, "client_url": false}
                """)).containsExactly(
                "'routing_key' must be a string, not a number",
                "'dedup_key' must be a string, not a number",
                "'payload.summary' must be a string, not a number",
                "'payload.source' must be a string, not an object",
                "'payload.severity' must be a string, not an array",
                "'payload.timestamp' must be a string, not a number",
                "'payload.component' must be a string, not a boolean",
                "'payload.group' must be a string, not an array",
                "'payload.class' must be a string, not a number",
                "'links' must be an array, not an object",
                "'images[0]' must be an object, not a string",
                "'client' must be a string, not a number",
                "'client_url' must be a string, not a boolean");
    }

    @Test
    void linksAndImagesNeedTheirUrlAndNameTheirIndex() {
        assertThat(errors("""
                {"routing_key": "k", "event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "info"},
                 "links": [{"href": "https://ok.example.com"}, {"text": "no href"}, {"href": "https://x", "text": 5}],
                 "images": [{"src": ""}, {"src": "https://ok.example.com/a.png", "alt": ["x"]}]}
                """)).containsExactly(
                "'links[1].href' is missing or blank",
                "'links[2].text' must be a string, not a number",
                "'images[0].src' is missing or blank",
                "'images[1].alt' must be a string, not an array");
    }

    @Test
    void customDetailsKeepAnyJsonAsText() {
        String trigger = """
                {"routing_key": "k", "event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "info", "custom_details": %s}}
                """;

        assertThat(PagerDutyEvents.parse(json(trigger.formatted("\"just text\""))).event().customDetails()).isEqualTo("\"just text\"");
        assertThat(PagerDutyEvents.parse(json(trigger.formatted("[1,2]"))).event().customDetails()).isEqualTo("[1,2]");
        assertThat(PagerDutyEvents.parse(json(trigger.formatted("{\"a\":{\"b\":null}}"))).event().customDetails()).isEqualTo("{\"a\":{\"b\":null}}");
        assertThat(PagerDutyEvents.parse(json(trigger.formatted("null"))).event().customDetails()).isNull();
    }

    @Test
    void timestampsInIso8601AreReadWithTheirOffset() {
        Map<String, Instant> readings = Map.of(
                "2015-07-17T08:42:58.315+0000", Instant.parse("2015-07-17T08:42:58.315Z"),
                "2015-07-17T08:42:58Z", Instant.parse("2015-07-17T08:42:58Z"),
                "2020-10-09T18:53:40.635779-04:00", Instant.parse("2020-10-09T22:53:40.635779Z"),
                "2024-05-01T12:00:00+02", Instant.parse("2024-05-01T10:00:00Z"),
                "2024-05-01T12:00:00+0530", Instant.parse("2024-05-01T06:30:00Z"),
                "2024-05-01t10:00:00z", Instant.parse("2024-05-01T10:00:00Z"),
                "2024-05-01T10:00", Instant.parse("2024-05-01T10:00:00Z"),
                "2024-05-01T10:00:00.123456789", Instant.parse("2024-05-01T10:00:00.123456789Z"));
        readings.forEach((text, expected) -> assertThat(PagerDutyEvents.parse(json("""
                {"routing_key": "k", "event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "info", "timestamp": "%s"}}
                """.formatted(text))).event().timestamp()).as(text).isEqualTo(expected));
    }

    @Test
    void anUnreadableTimestampIsRefusedAndABlankOneIgnored() {
        String trigger = """
                {"routing_key": "k", "event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "info", "timestamp": "%s"}}
                """;
        for (String text : List.of("yesterday", "2015-07-17", "17/07/2015 08:42", "2015-13-01T00:00:00Z", "1437122578")) {
            assertThat(errors(trigger.formatted(text))).as(text)
                    .containsExactly("'payload.timestamp' is invalid (must be an ISO 8601 timestamp such as 2015-07-17T08:42:58.315+0000)");
        }
        assertThat(PagerDutyEvents.parse(json(trigger.formatted(""))).event().timestamp()).isNull();
    }

    @Test
    void unknownFieldsAreIgnored() {
        AlertEvent event = PagerDutyEvents.parse(json("""
                {"routing_key": "k", "event_action": "trigger", "service_key": "legacy", "description": "v1 field", "extra": {"a": 1},
                 "payload": {"summary": "s", "source": "x", "severity": "warning", "priority": "P1"}}
                """)).event();

        assertThat(event.summary()).isEqualTo("s");
        assertThat(event.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThat(errors("[{\"routing_key\": \"k\"}]")).containsExactly("Event must be a JSON object, not an array");
        assertThat(errors("\"trigger\"")).containsExactly("Event must be a JSON object, not a string");
        assertThatThrownBy(() -> PagerDutyEvents.parse(null)).isInstanceOf(InvalidEventException.class)
                .hasMessage("Event must be a JSON object, not nothing");
        assertThatThrownBy(() -> PagerDutyEvents.parseChange(json("42"))).isInstanceOf(InvalidEventException.class)
                .hasMessage("Event must be a JSON object, not a number");
    }

    /** PagerDuty's example change event ("Send a Change Event" in its developer documentation). */
    @Test
    void pagerDutysExampleChangeEventReadsEveryField() {
        ChangeEvent change = PagerDutyEvents.parseChange(json("""
                {
                  "routing_key": "samplekeyhere",
                  "payload": {
                    "summary": "Build Success: Increase snapshot create timeout to 30 seconds",
                    "timestamp": "2020-07-17T08:42:58.315+0000",
                    "source": "acme-build-pipeline-tool-default-i-9999",
                    "custom_details": {"build_state": "passed", "build_number": "2", "run_time": "1236s"}
                  },
                  "links": [{"href": "https://acme.pagerduty.dev/build/2", "text": "View more details in Acme!"}],
                  "images": [{"src": "https://chart.example.com/graph.png"}]
                }
                """));

        assertThat(change.routingKey()).isEqualTo("samplekeyhere");
        assertThat(change.summary()).isEqualTo("Build Success: Increase snapshot create timeout to 30 seconds");
        assertThat(change.source()).isEqualTo("acme-build-pipeline-tool-default-i-9999");
        assertThat(change.timestamp()).isEqualTo(Instant.parse("2020-07-17T08:42:58.315Z"));
        assertThat(json(change.customDetails())).isEqualTo(json("{\"build_state\": \"passed\", \"build_number\": \"2\", \"run_time\": \"1236s\"}"));
        assertThat(change.links()).containsExactly(new AlertLink("https://acme.pagerduty.dev/build/2", "View more details in Acme!"));
    }

    @Test
    void aChangeEventNeedsOnlyTheKeyAndASummary() {
        ChangeEvent change = PagerDutyEvents.parseChange(json("""
                {"routing_key": "k", "payload": {"summary": "Deployed checkout v1.42.0"}}
                """));

        assertThat(change).isEqualTo(new ChangeEvent("k", "Deployed checkout v1.42.0", null, null, null, List.of()));
    }

    @Test
    void anInvalidChangeEventNamesEveryField() {
        assertThat(changeErrors("{}")).containsExactly("'routing_key' is missing or blank", "'payload' is missing or blank");
        assertThat(changeErrors("""
                {"routing_key": "k", "payload": []}
                """)).containsExactly("'payload' must be an object, not an array");
        assertThat(changeErrors("""
                {"routing_key": "k", "payload": {"summary": "%s", "source": 1, "timestamp": "last tuesday"}, "links": [{"text": "x"}]}
                """.formatted("s".repeat(1025)))).containsExactly(
                "'payload.summary' is too long (maximum is 1024 characters)",
                "'payload.source' must be a string, not a number",
                "'payload.timestamp' is invalid (must be an ISO 8601 timestamp such as 2015-07-17T08:42:58.315+0000)",
                "'links[0].href' is missing or blank");
        assertThat(changeErrors("""
                {"routing_key": "k", "payload": {"source": "git"}}
                """)).containsExactly("'payload.summary' is missing or blank");
    }

    @Test
    void answersHavePagerDutysExactShape() {
        assertThat(text(PagerDutyEvents.accepted("srv01/HTTP")))
                .isEqualTo("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"srv01/HTTP\"}");
        assertThat(text(PagerDutyEvents.acceptedChange())).isEqualTo("{\"status\":\"success\",\"message\":\"Change event processed\"}");
        assertThat(text(PagerDutyEvents.invalid(errors("{}")))).isEqualTo("{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                + "\"errors\":[\"'routing_key' is missing or blank\",\"'event_action' is missing or blank\"]}");
    }

    private static String text(ObjectNode node) {
        return ProbeSpecs.json().writeValueAsString(node);
    }
}
