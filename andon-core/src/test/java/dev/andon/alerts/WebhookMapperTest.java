package dev.andon.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.probe.ProbeSpecs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhookMapperTest {

    /** A Grafana Alerting webhook contact point's call: a batch of alerts, one firing and one resolved. */
    private static final String GRAFANA = """
            {
              "receiver": "andon",
              "status": "firing",
              "orgId": 1,
              "alerts": [
                {
                  "status": "firing",
                  "labels": {"alertname": "DiskFull", "grafana_folder": "infra", "instance": "db-1.prod", "severity": "critical"},
                  "annotations": {"summary": "Disk 95% full on db-1.prod"},
                  "startsAt": "2024-05-01T10:00:00Z",
                  "endsAt": "0001-01-01T00:00:00Z",
                  "generatorURL": "https://grafana.example.com/alerting/grafana/dfa1c0/view",
                  "fingerprint": "57c6d9296de2ad39",
                  "silenceURL": "https://grafana.example.com/alerting/silence/new?matcher=alertname%3DDiskFull",
                  "dashboardURL": "https://grafana.example.com/d/db-disk",
                  "panelURL": "https://grafana.example.com/d/db-disk?viewPanel=2",
                  "values": {"A": 95.2}
                },
                {
                  "status": "resolved",
                  "labels": {"alertname": "DiskFull", "instance": "db-2.prod", "severity": "critical"},
                  "annotations": {"summary": "Disk 95% full on db-2.prod"},
                  "startsAt": "2024-05-01T09:00:00Z",
                  "endsAt": "2024-05-01T09:40:00Z",
                  "generatorURL": "https://grafana.example.com/alerting/grafana/dfa1c0/view",
                  "fingerprint": "8f2b6d41ac03e9d7",
                  "dashboardURL": "",
                  "values": {"A": 71.0}
                }
              ],
              "groupLabels": {"alertname": "DiskFull"},
              "commonLabels": {"alertname": "DiskFull", "severity": "critical"},
              "commonAnnotations": {},
              "externalURL": "https://grafana.example.com/",
              "version": "1",
              "groupKey": "{}:{alertname=\\"DiskFull\\"}",
              "truncatedAlerts": 0,
              "title": "[FIRING:1, RESOLVED:1] DiskFull",
              "state": "alerting",
              "message": "**Firing**\\n\\nValue: A=95.2"
            }
            """;

    private static final WebhookMapping GRAFANA_MAPPING = new WebhookMapping("$.alerts", "$.annotations.summary", "$.fingerprint", "$.status",
            "$.labels.severity", "$.labels.instance", "$.dashboardURL", null, null, null, null);

    /** A Datadog-style monitor notification: one alert per call, its transition as the status. */
    private static final String DATADOG = """
            {
              "id": "7215478235",
              "title": "[Triggered on {host:web-3}] CPU above 90%",
              "alert_transition": "%s",
              "priority": "P2",
              "hostname": "web-3",
              "aggregate": "a8e3f1d2c4b5",
              "link": "https://app.datadoghq.com/event/event?id=7215478235",
              "tags": "env:prod,service:web"
            }
            """;

    private static final WebhookMapping DATADOG_MAPPING = new WebhookMapping(null, "$.title", "$.aggregate", "$.alert_transition",
            "$.priority", "$.hostname", "$.link", null, null, null, null);

    private static JsonNode json(String text) {
        return ProbeSpecs.json().readTree(text);
    }

    private static List<String> errors(WebhookMapping mapping, String body) {
        try {
            WebhookMapper.read(mapping, "Grafana", json(body), Map.of());
        } catch (InvalidEventException e) {
            return e.errors();
        }
        throw new AssertionError("expected the webhook to be refused: " + body);
    }

    @Test
    void aGrafanaBatchGivesOneEventPerAlert() {
        List<AlertEvent> events = WebhookMapper.read(GRAFANA_MAPPING, "Grafana", json(GRAFANA), Map.of());

        assertThat(events).hasSize(2);
        AlertEvent firing = events.get(0);
        assertThat(firing.action()).isEqualTo(AlertAction.TRIGGER);
        assertThat(firing.dedupKey()).isEqualTo("57c6d9296de2ad39");
        assertThat(firing.summary()).isEqualTo("Disk 95% full on db-1.prod");
        assertThat(firing.source()).isEqualTo("db-1.prod");
        assertThat(firing.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(firing.timestamp()).isNull();
        assertThat(firing.component()).isNull();
        assertThat(firing.group()).isNull();
        assertThat(firing.eventClass()).isNull();
        assertThat(json(firing.customDetails())).as("the whole alert").isEqualTo(json(GRAFANA).get("alerts").get(0));
        assertThat(firing.links()).containsExactly(new AlertLink("https://grafana.example.com/d/db-disk", null));
        assertThat(firing.images()).isEmpty();
        assertThat(firing.client()).isEqualTo("Grafana");
        assertThat(firing.clientUrl()).isNull();
        assertThat(firing.groupKey()).isNull();

        AlertEvent resolved = events.get(1);
        assertThat(resolved.action()).isEqualTo(AlertAction.RESOLVE);
        assertThat(resolved.dedupKey()).isEqualTo("8f2b6d41ac03e9d7");
        assertThat(resolved.summary()).isEqualTo("Disk 95% full on db-2.prod");
        assertThat(resolved.source()).isEqualTo("db-2.prod");
        assertThat(resolved.severity()).as("a resolve carries no severity").isNull();
        assertThat(resolved.links()).as("an empty URL is no link").isEmpty();
    }

    @Test
    void aSingleObjectPayloadIsOneAlert() {
        AlertEvent triggered = WebhookMapper.read(DATADOG_MAPPING, "Datadog", json(DATADOG.replace("%s", "Triggered")), Map.of()).getFirst();

        assertThat(triggered).isEqualTo(new AlertEvent(AlertAction.TRIGGER, "a8e3f1d2c4b5", "[Triggered on {host:web-3}] CPU above 90%", "web-3",
                Severity.ERROR, null, null, null, null, ProbeSpecs.json().writeValueAsString(json(DATADOG.replace("%s", "Triggered"))),
                List.of(new AlertLink("https://app.datadoghq.com/event/event?id=7215478235", null)), List.of(), "Datadog", null, null));

        AlertEvent recovered = WebhookMapper.read(DATADOG_MAPPING, "Datadog", json(DATADOG.replace("%s", "Recovered")), Map.of()).getFirst();
        assertThat(recovered.action()).isEqualTo(AlertAction.RESOLVE);
        assertThat(recovered.dedupKey()).isEqualTo("a8e3f1d2c4b5");
        assertThat(recovered.severity()).isNull();
    }

    /** A deploy script that posts its own JSON: no status (always a trigger), no key, a mixed list of links. */
    @Test
    void aCiScriptsPayloadWithDefaultsEverywhere() {
        WebhookMapping mapping = new WebhookMapping(null, "message", null, null, "$.level", null, "$.links", "$.pipeline", null, null, null);

        AlertEvent event = WebhookMapper.read(mapping, "Deploy pipeline", json("""
                {
                  "pipeline": "deploy-prod",
                  "message": "Deploy of checkout v1.42.0 failed at step migrate",
                  "level": "High",
                  "build": 812,
                  "links": [
                    {"href": "https://ci.example.com/runs/812", "text": "Run"},
                    {"url": "https://ci.example.com/runs/812/logs", "name": "Logs"},
                    "https://ci.example.com/artifacts/812",
                    {"text": "no URL here"},
                    ""
                  ]
                }
                """), Map.of("high", Severity.CRITICAL)).getFirst();

        assertThat(event.action()).isEqualTo(AlertAction.TRIGGER);
        assertThat(event.dedupKey()).as("the pipeline generates one").isNull();
        assertThat(event.summary()).isEqualTo("Deploy of checkout v1.42.0 failed at step migrate");
        assertThat(event.source()).as("the integration's name").isEqualTo("Deploy pipeline");
        assertThat(event.severity()).as("the integration's override wins").isEqualTo(Severity.CRITICAL);
        assertThat(event.customDetails()).isEqualTo("\"deploy-prod\"");
        assertThat(event.links()).containsExactly(
                new AlertLink("https://ci.example.com/runs/812", "Run"),
                new AlertLink("https://ci.example.com/runs/812/logs", "Logs"),
                new AlertLink("https://ci.example.com/artifacts/812", null));
    }

    @Test
    void numbersAndWildcardPathsGiveTheirFirstMatchAsText() {
        WebhookMapping mapping = new WebhookMapping(null, "$..name", "$.check.id", "$.check.up", null, null, null, null,
                List.of("false"), null, List.of("true"));

        List<AlertEvent> down = WebhookMapper.read(mapping, "Uptime", json("""
                {"check": {"id": 4711, "up": false, "targets": [{"name": null}, {"name": "https://shop.example.com"}]}}
                """), Map.of());
        List<AlertEvent> up = WebhookMapper.read(mapping, "Uptime", json("""
                {"check": {"id": 4711, "up": true}}
                """), Map.of());

        assertThat(down.getFirst().action()).isEqualTo(AlertAction.TRIGGER);
        assertThat(down.getFirst().dedupKey()).isEqualTo("4711");
        assertThat(down.getFirst().summary()).isEqualTo("https://shop.example.com");
        assertThat(up.getFirst().action()).isEqualTo(AlertAction.RESOLVE);
        assertThat(up.getFirst().summary()).as("a resolve needs no title").isNull();
    }

    @Test
    void aTriggerWithoutTitleNamesThePathAndTheAlert() {
        String body = GRAFANA.replace("\"annotations\": {\"summary\": \"Disk 95% full on db-1.prod\"}", "\"annotations\": {}");

        assertThat(errors(GRAFANA_MAPPING, body)).containsExactly("'$.annotations.summary' in $.alerts[0] found no title, which a trigger needs");
        assertThat(errors(DATADOG_MAPPING, DATADOG.replace("%s", "Triggered").replace("\"title\"", "\"headline\"")))
                .containsExactly("'$.title' in the body found no title, which a trigger needs");
    }

    @Test
    void anUnknownStatusNamesThePathTheValueAndTheAcceptedValues() {
        String accepted = "(trigger: trigger, triggered, firing, alerting, problem, open, critical, down; acknowledge: acknowledge, acknowledged, ack;"
                + " resolve: resolve, resolved, ok, closed, recovered, up, normal): add it to the mapping's triggerValues, acknowledgeValues or resolveValues";

        assertThat(errors(GRAFANA_MAPPING, GRAFANA.replace("\"status\": \"resolved\"", "\"status\": \"Pending\"")))
                .containsExactly("'$.status' in $.alerts[1] found the status \"Pending\", which is none of the known values " + accepted);
        assertThat(errors(DATADOG_MAPPING, DATADOG.replace("\"alert_transition\": \"%s\",", "")))
                .containsExactly("'$.alert_transition' in the body found no status, which is none of the known values " + accepted);
    }

    @Test
    void statusValuesAreComparedLowerCased() {
        WebhookMapping mapping = new WebhookMapping(null, "$.title", "$.id", "$.state", null, null, null, null, List.of("BROKEN"),
                List.of("Looking"), List.of("Fixed"));

        assertThat(WebhookMapper.read(mapping, "x", json("{\"title\": \"t\", \"id\": \"1\", \"state\": \"broken\"}"), Map.of()).getFirst().action())
                .isEqualTo(AlertAction.TRIGGER);
        assertThat(WebhookMapper.read(mapping, "x", json("{\"id\": \"1\", \"state\": \" LOOKING \"}"), Map.of()).getFirst().action())
                .isEqualTo(AlertAction.ACKNOWLEDGE);
        assertThat(WebhookMapper.read(mapping, "x", json("{\"id\": \"1\", \"state\": \"fixed\"}"), Map.of()).getFirst().action())
                .isEqualTo(AlertAction.RESOLVE);
    }

    @Test
    void aResolveWithoutDedupKeyCannotFindItsAlert() {
        WebhookMapping noKeyPath = new WebhookMapping(null, "$.title", null, "$.status", null, null, null, null, null, null, null);

        assertThat(errors(noKeyPath, "{\"title\": \"t\", \"status\": \"resolved\"}"))
                .containsExactly("The mapping has no dedupKey path, so a resolve in the body cannot find its alert: set one");
        assertThat(errors(DATADOG_MAPPING, DATADOG.replace("%s", "Recovered").replace("\"aggregate\": \"a8e3f1d2c4b5\",", "")))
                .containsExactly("'$.aggregate' in the body found no dedup key, which a resolve needs to find its alert");
    }

    @Test
    void objectsWhereTextBelongsAreRefusedAndLongTitlesCut() {
        WebhookMapping mapping = new WebhookMapping(null, "$.title", "$.key", null, null, null, null, null, null, null, null);

        assertThat(errors(mapping, "{\"title\": {\"text\": \"t\"}, \"key\": [\"a\"]}")).containsExactly(
                "'$.title' in the body found an object where the title should be: point it at a text value",
                "'$.key' in the body found an array where the dedup key should be: point it at a text value");
        assertThat(errors(mapping, "{\"title\": \"t\", \"key\": \"%s\"}".formatted("k".repeat(256))))
                .containsExactly("'$.key' in the body found a dedup key of 256 characters: the maximum is 255");
        String summary = WebhookMapper.read(mapping, "x", json("{\"title\": \"%s\"}".formatted("t".repeat(3000))), Map.of()).getFirst().summary();
        assertThat(summary).hasSize(1024).endsWith("…");
    }

    @Test
    void theAlertsPathMustFindAnArrayOrOneObject() {
        assertThat(WebhookMapper.read(GRAFANA_MAPPING, "Grafana", json("{\"alerts\": []}"), Map.of())).isEmpty();
        assertThat(WebhookMapper.read(GRAFANA_MAPPING, "Grafana", json("""
                {"alerts": {"status": "firing", "annotations": {"summary": "one"}, "fingerprint": "f"}}
                """), Map.of())).extracting(AlertEvent::summary).containsExactly("one");
        assertThat(errors(GRAFANA_MAPPING, "{\"data\": []}")).containsExactly("'$.alerts' found no alerts in the body");
        assertThat(errors(GRAFANA_MAPPING, "{\"alerts\": \"none\"}")).containsExactly("'$.alerts' must find an array of alerts, not a string");
        assertThat(errors(GRAFANA_MAPPING, "{\"alerts\": [\"x\", {\"status\": \"firing\"}]}")).containsExactly(
                "$.alerts[0] must be an object (one alert), not a string",
                "'$.annotations.summary' in $.alerts[1] found no title, which a trigger needs");
        assertThat(errors(DATADOG_MAPPING, "[{\"title\": \"t\"}]")).containsExactly(
                "The body must be a JSON object, not an array (for a body that carries several alerts, set the mapping's alerts path, such as $.alerts)");
    }

    @Test
    void aWildcardAlertsPathNamesEachMatchByNumber() {
        WebhookMapping mapping = new WebhookMapping("$.groups[*].alerts[*]", "$.name", null, null, null, null, null, null, null, null, null);

        assertThat(WebhookMapper.read(mapping, "x", json("""
                {"groups": [{"alerts": [{"name": "a"}, {"name": "b"}]}, {"alerts": [{"name": "c"}]}]}
                """), Map.of())).extracting(AlertEvent::summary).containsExactly("a", "b", "c");
        assertThat(errors(mapping, "{\"groups\": [{\"alerts\": [{\"name\": \"a\"}, {}]}]}"))
                .containsExactly("'$.name' in alert 1 of $.groups[*].alerts[*] found no title, which a trigger needs");
    }

    @Test
    void anInvalidMappingIsReportedBeforeTheBodyIsRead() {
        WebhookMapping broken = new WebhookMapping(null, "$.title", "$['key", null, null, null, null, null, null, null, null);
        WebhookMapping untitled = new WebhookMapping(null, null, null, null, null, null, null, null, null, null, null);

        assertThat(errors(broken, "{}")).containsExactly(
                "The integration's mapping is invalid: '$['key' is not a valid JSONPath: Property has not been closed - missing closing '"
                        + " (write it like $.title or $.alerts[0].labels.severity)");
        assertThat(errors(untitled, "{}")).containsExactly("The integration's mapping has no title path: set one, such as $.title");
    }

    @Test
    void problemSaysWhyAPathCannotBeUsed() {
        for (String path : List.of("$.title", "title", "$.alerts[*].labels.severity", "$..name", "$['my field']", "$.items[?(@.state == 'open')]")) {
            assertThat(WebhookMapper.problem(path)).as(path).isNull();
        }
        assertThat(WebhookMapper.problem("")).isEqualTo("is empty: write a JSONPath such as $.title");
        assertThat(WebhookMapper.problem(null)).isEqualTo("is empty: write a JSONPath such as $.title");
        assertThat(WebhookMapper.problem("$..")).isEqualTo(
                "'$..' is not a valid JSONPath: Path must not end with a '.' or '..' (write it like $.title or $.alerts[0].labels.severity)");
        assertThat(WebhookMapper.problem("my field")).startsWith("'my field' is not a valid JSONPath: Use bracket notion ['my prop']");
        assertThat(WebhookMapper.problem("$.[")).isEqualTo(
                "'$.[' is not a valid JSONPath: it cannot be parsed (write it like $.title or $.alerts[0].labels.severity)");
    }
}
