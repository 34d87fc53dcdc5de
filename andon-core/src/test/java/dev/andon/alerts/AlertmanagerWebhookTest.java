package dev.andon.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.probe.ProbeSpecs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AlertmanagerWebhookTest {

    private static final String GROUP_KEY = "{}/{severity=\"page\"}:{alertname=\"HighLatency\"}";
    private static final Map<String, Severity> OVERRIDES = Map.of("ticket", Severity.WARNING);

    /**
     * A version 4 notification as Alertmanager posts it for a route grouped by alertname under a
     * {@code severity="page"} matcher: three alerts of one group, the last with a severity only the
     * integration's overrides know.
     */
    private static final String FIRING = """
            {
              "receiver": "andon",
              "status": "firing",
              "alerts": [
                {
                  "status": "firing",
                  "labels": {"alertname": "HighLatency", "cluster": "eu-west-1", "instance": "api-1.prod:9090", "job": "api",
                             "service": "checkout", "severity": "page"},
                  "annotations": {"summary": "p99 latency 1.2s on api-1.prod:9090 (threshold 500ms)",
                                  "description": "The 99th percentile of request latency has been above 500ms for 10 minutes.",
                                  "runbook_url": "https://runbooks.example.com/HighLatency",
                                  "dashboard": "https://grafana.example.com/d/api-latency"},
                  "startsAt": "2024-05-01T10:00:00.123456789Z",
                  "endsAt": "0001-01-01T00:00:00Z",
                  "generatorURL": "http://prometheus.example.com:9090/graph?g0.expr=histogram_quantile%280.99%2C+rate%28http_request_duration_seconds_bucket%5B5m%5D%29%29+%3E+0.5&g0.tab=1",
                  "fingerprint": "b2c49e5c3f0a7d61"
                },
                {
                  "status": "firing",
                  "labels": {"alertname": "HighLatency", "instance": "api-2.prod:9090", "job": "api", "severity": "critical"},
                  "annotations": {"description": "p99 latency above 500ms on api-2.prod:9090"},
                  "startsAt": "2024-05-01T10:01:30+02:00",
                  "endsAt": "0001-01-01T00:00:00Z",
                  "generatorURL": "",
                  "fingerprint": "7f1d0c9e22b4a3e8"
                },
                {
                  "status": "firing",
                  "labels": {"alertname": "HighLatency", "team": "payments", "job": "api", "severity": "ticket", "region": "eu"},
                  "annotations": {},
                  "startsAt": "2024-05-01T10:02:00Z",
                  "endsAt": "0001-01-01T00:00:00Z",
                  "generatorURL": "http://prometheus.example.com:9090/graph?g0.expr=up&g0.tab=1",
                  "fingerprint": "0a9b8c7d6e5f4a3b"
                }
              ],
              "groupLabels": {"alertname": "HighLatency"},
              "commonLabels": {"alertname": "HighLatency", "job": "api"},
              "commonAnnotations": {},
              "externalURL": "http://alertmanager.example.com:9093",
              "version": "4",
              "groupKey": "{}/{severity=\\"page\\"}:{alertname=\\"HighLatency\\"}",
              "truncatedAlerts": 0
            }
            """;

    /** The same group fifteen minutes later: the first alert has resolved. */
    private static final String RESOLVED = """
            {
              "receiver": "andon",
              "status": "resolved",
              "alerts": [
                {
                  "status": "resolved",
                  "labels": {"alertname": "HighLatency", "cluster": "eu-west-1", "instance": "api-1.prod:9090", "job": "api",
                             "service": "checkout", "severity": "page"},
                  "annotations": {"summary": "p99 latency 1.2s on api-1.prod:9090 (threshold 500ms)",
                                  "runbook_url": "https://runbooks.example.com/HighLatency"},
                  "startsAt": "2024-05-01T10:00:00.123456789Z",
                  "endsAt": "2024-05-01T10:15:00.5Z",
                  "generatorURL": "http://prometheus.example.com:9090/graph?g0.expr=up&g0.tab=1",
                  "fingerprint": "b2c49e5c3f0a7d61"
                }
              ],
              "groupLabels": {"alertname": "HighLatency"},
              "commonLabels": {"alertname": "HighLatency", "cluster": "eu-west-1", "instance": "api-1.prod:9090", "job": "api",
                               "service": "checkout", "severity": "page"},
              "commonAnnotations": {"summary": "p99 latency 1.2s on api-1.prod:9090 (threshold 500ms)"},
              "externalURL": "http://alertmanager.example.com:9093/",
              "version": "4",
              "groupKey": "{}/{severity=\\"page\\"}:{alertname=\\"HighLatency\\"}",
              "truncatedAlerts": 0
            }
            """;

    private static JsonNode json(String text) {
        return ProbeSpecs.json().readTree(text);
    }

    private static ObjectNode notification(String text) {
        return (ObjectNode) json(text);
    }

    private static List<String> errors(JsonNode body) {
        try {
            AlertmanagerWebhook.parse(body, Map.of());
        } catch (InvalidEventException e) {
            return e.errors();
        }
        throw new AssertionError("expected the notification to be refused: " + body);
    }

    @Test
    void aFiringNotificationKeepsItsGroupFields() {
        AlertmanagerWebhook.Notification notification = AlertmanagerWebhook.parse(json(FIRING), OVERRIDES);

        assertThat(notification.version()).isEqualTo("4");
        assertThat(notification.groupKey()).isEqualTo(GROUP_KEY);
        assertThat(notification.status()).isEqualTo("firing");
        assertThat(notification.receiver()).isEqualTo("andon");
        assertThat(notification.truncatedAlerts()).isZero();
        assertThat(notification.groupLabels()).isEqualTo(Map.of("alertname", "HighLatency"));
        assertThat(notification.commonLabels()).isEqualTo(Map.of("alertname", "HighLatency", "job", "api"));
        assertThat(notification.commonAnnotations()).isEmpty();
        assertThat(notification.externalUrl()).isEqualTo("http://alertmanager.example.com:9093");
        assertThat(notification.alerts()).extracting(AlertEvent::dedupKey)
                .containsExactly("b2c49e5c3f0a7d61", "7f1d0c9e22b4a3e8", "0a9b8c7d6e5f4a3b");
    }

    @Test
    void aFiringAlertBecomesATriggerKeyedByItsFingerprint() {
        AlertEvent alert = AlertmanagerWebhook.parse(json(FIRING), OVERRIDES).alerts().getFirst();

        assertThat(alert.action()).isEqualTo(AlertAction.TRIGGER);
        assertThat(alert.dedupKey()).isEqualTo("b2c49e5c3f0a7d61");
        assertThat(alert.summary()).isEqualTo("p99 latency 1.2s on api-1.prod:9090 (threshold 500ms)");
        assertThat(alert.source()).isEqualTo("api-1.prod:9090");
        assertThat(alert.severity()).as("page is critical").isEqualTo(Severity.CRITICAL);
        assertThat(alert.timestamp()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123456789Z"));
        assertThat(alert.component()).isEqualTo("checkout");
        assertThat(alert.group()).isEqualTo("eu-west-1");
        assertThat(alert.eventClass()).isEqualTo("HighLatency");
        assertThat(json(alert.customDetails())).isEqualTo(json("""
                {
                  "labels": {"alertname": "HighLatency", "cluster": "eu-west-1", "instance": "api-1.prod:9090", "job": "api",
                             "service": "checkout", "severity": "page"},
                  "annotations": {"summary": "p99 latency 1.2s on api-1.prod:9090 (threshold 500ms)",
                                  "description": "The 99th percentile of request latency has been above 500ms for 10 minutes.",
                                  "runbook_url": "https://runbooks.example.com/HighLatency",
                                  "dashboard": "https://grafana.example.com/d/api-latency"},
                  "startsAt": "2024-05-01T10:00:00.123456789Z",
                  "groupLabels": {"alertname": "HighLatency"}
                }
                """));
        assertThat(alert.links()).containsExactly(
                new AlertLink("http://prometheus.example.com:9090/graph?g0.expr=histogram_quantile%280.99%2C+rate%28http_request_duration_seconds_bucket%5B5m%5D%29%29+%3E+0.5&g0.tab=1", "Source"),
                new AlertLink("http://alertmanager.example.com:9093/#/alerts?filter=%7Balertname%3D%22HighLatency%22%2Ccluster%3D%22eu-west-1%22"
                        + "%2Cinstance%3D%22api-1.prod%3A9090%22%2Cjob%3D%22api%22%2Cservice%3D%22checkout%22%2Cseverity%3D%22page%22%7D", "Alertmanager"),
                new AlertLink("https://runbooks.example.com/HighLatency", "Runbook"),
                new AlertLink("https://grafana.example.com/d/api-latency", "Dashboard"));
        assertThat(alert.images()).isEmpty();
        assertThat(alert.client()).isEqualTo("Alertmanager");
        assertThat(alert.clientUrl()).isEqualTo("http://alertmanager.example.com:9093");
        assertThat(alert.groupKey()).isEqualTo(GROUP_KEY);
    }

    @Test
    void withoutASummaryAnnotationTheDescriptionThenTheLabelsSpeak() {
        List<AlertEvent> alerts = AlertmanagerWebhook.parse(json(FIRING), OVERRIDES).alerts();

        AlertEvent described = alerts.get(1);
        assertThat(described.summary()).isEqualTo("p99 latency above 500ms on api-2.prod:9090");
        assertThat(described.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(described.timestamp()).isEqualTo(Instant.parse("2024-05-01T08:01:30Z"));
        assertThat(described.component()).as("no service label: the job").isEqualTo("api");
        assertThat(described.group()).isNull();
        assertThat(described.links()).as("an empty generatorURL is no link").extracting(AlertLink::text).containsExactly("Alertmanager");

        AlertEvent bare = alerts.get(2);
        assertThat(bare.summary()).isEqualTo("HighLatency on job=api, region=eu, team=payments");
        assertThat(bare.source()).as("no instance label: the job").isEqualTo("api");
        assertThat(bare.severity()).as("the integration maps ticket to warning").isEqualTo(Severity.WARNING);
    }

    @Test
    void theMatchingResolvedNotificationResolvesTheSameKey() {
        AlertmanagerWebhook.Notification notification = AlertmanagerWebhook.parse(json(RESOLVED), OVERRIDES);

        assertThat(notification.status()).isEqualTo("resolved");
        AlertEvent alert = notification.alerts().getFirst();
        assertThat(alert.action()).isEqualTo(AlertAction.RESOLVE);
        assertThat(alert.dedupKey()).isEqualTo(AlertmanagerWebhook.parse(json(FIRING), OVERRIDES).alerts().getFirst().dedupKey());
        assertThat(alert.summary()).isEqualTo("p99 latency 1.2s on api-1.prod:9090 (threshold 500ms)");
        assertThat(alert.severity()).as("a resolve carries no severity").isNull();
        assertThat(alert.timestamp()).as("when it ended").isEqualTo(Instant.parse("2024-05-01T10:15:00.500Z"));
        assertThat(json(alert.customDetails()).get("endsAt").asString()).isEqualTo("2024-05-01T10:15:00.5Z");
        assertThat(alert.links()).extracting(AlertLink::href).contains(
                "http://alertmanager.example.com:9093/#/alerts?filter=%7Balertname%3D%22HighLatency%22%2Ccluster%3D%22eu-west-1%22"
                        + "%2Cinstance%3D%22api-1.prod%3A9090%22%2Cjob%3D%22api%22%2Cservice%3D%22checkout%22%2Cseverity%3D%22page%22%7D");
        assertThat(alert.groupKey()).isEqualTo(GROUP_KEY);
    }

    @Test
    void aTruncatedNotificationSaysHowManyAlertsWereLeftOut() {
        ObjectNode body = notification(FIRING);
        body.put("truncatedAlerts", 12);

        AlertmanagerWebhook.Notification notification = AlertmanagerWebhook.parse(body, OVERRIDES);

        assertThat(notification.truncatedAlerts()).isEqualTo(12);
        assertThat(notification.alerts()).hasSize(3);
    }

    @Test
    void onlyVersionFourIsRead() {
        ObjectNode old = notification(FIRING);
        old.put("version", "3");
        ObjectNode numeric = notification(FIRING);
        numeric.put("version", 4);
        ObjectNode missing = notification(FIRING);
        missing.remove("version");

        assertThat(errors(old)).containsExactly("'version' is \"3\": only version \"4\" of Alertmanager's webhook is supported");
        assertThat(errors(numeric)).containsExactly("'version' is 4: only version \"4\" of Alertmanager's webhook is supported");
        assertThat(errors(missing)).containsExactly("'version' is missing or blank");
    }

    @Test
    void everyFaultyAlertIsNamedByItsIndex() {
        ObjectNode body = notification(FIRING);
        ((ObjectNode) body.get("alerts").get(0)).put("status", "pending");
        ((ObjectNode) body.get("alerts").get(1)).remove("fingerprint");
        ((ObjectNode) body.get("alerts").get(2)).put("fingerprint", "");
        ((ObjectNode) body.get("alerts").get(2)).put("startsAt", "2024-05-01 10:02");
        ((ObjectNode) body.get("alerts").get(2)).putObject("labels").put("replicas", 3);

        assertThat(errors(body)).containsExactly(
                "'alerts[0].status' is invalid (must be one of the following: 'firing' or 'resolved')",
                "'alerts[1].fingerprint' is missing or blank",
                "'alerts[2].fingerprint' is missing or blank",
                "'alerts[2].labels.replicas' must be a string, not a number",
                "'alerts[2].startsAt' is invalid (must be an RFC 3339 timestamp such as 2024-05-01T10:00:00Z)");
    }

    @Test
    void theGroupKeyAndTheAlertsAreRequired() {
        ObjectNode body = notification(FIRING);
        body.remove("groupKey");
        body.put("alerts", "none");
        body.put("status", "pending");
        body.put("truncatedAlerts", -1);

        assertThat(errors(body)).containsExactly(
                "'groupKey' is missing or blank",
                "'status' is invalid (must be one of the following: 'firing' or 'resolved')",
                "'truncatedAlerts' must be a whole number of alerts, not -1",
                "'alerts' must be an array, not a string");
        ObjectNode withoutAlerts = notification(FIRING);
        withoutAlerts.remove("alerts");
        assertThat(errors(withoutAlerts)).containsExactly("'alerts' is missing or blank");
        assertThat(errors(json("[]"))).containsExactly("The notification must be a JSON object, not an array");
    }

    @Test
    void aLongSummaryIsCutToPagerDutysLimit() {
        ObjectNode body = notification(FIRING);
        ((ObjectNode) body.get("alerts").get(0).get("annotations")).put("summary", "slow ".repeat(400));

        String summary = AlertmanagerWebhook.parse(body, OVERRIDES).alerts().getFirst().summary();

        assertThat(summary).hasSize(1024).startsWith("slow slow").endsWith("…");
    }

    @Test
    void withoutInstanceOrJobTheSourceIsAlertmanagersHostThenTheReceiver() {
        ObjectNode body = notification(FIRING);
        ObjectNode labels = ((ObjectNode) body.get("alerts").get(0)).putObject("labels");
        labels.put("alertname", "Watchdog");

        assertThat(AlertmanagerWebhook.parse(body, OVERRIDES).alerts().getFirst().source()).isEqualTo("alertmanager.example.com");
        body.remove("externalURL");
        AlertEvent alert = AlertmanagerWebhook.parse(body, OVERRIDES).alerts().getFirst();
        assertThat(alert.source()).isEqualTo("andon");
        assertThat(alert.clientUrl()).isNull();
        assertThat(alert.severity()).as("no severity label: error, as Alertmanager's PagerDuty notifier").isEqualTo(Severity.ERROR);
    }

    @Test
    void labelValuesAreQuotedInTheAlertmanagerFilter() {
        ObjectNode body = notification(FIRING);
        ObjectNode labels = ((ObjectNode) body.get("alerts").get(0)).putObject("labels");
        labels.put("alertname", "Probe");
        labels.put("path", "C:\\tmp \"x\"");

        List<AlertLink> links = AlertmanagerWebhook.parse(body, OVERRIDES).alerts().getFirst().links();

        assertThat(links).filteredOn(link -> "Alertmanager".equals(link.text())).extracting(AlertLink::href).containsExactly(
                "http://alertmanager.example.com:9093/#/alerts?filter=%7Balertname%3D%22Probe%22%2Cpath%3D%22C%3A%5C%5Ctmp%20%5C%22x%5C%22%22%7D");
    }
}
