package dev.andon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andon.probe.ProbeSpecs;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The field vocabulary of integrations and maintenance windows: what reads, what is refused and where, and the way back. */
class AlertFieldsTest {

    /** JSON written with single quotes, for legibility. */
    private static JsonNode json(String text) {
        return ProbeSpecs.json().readTree(text.replace('\'', '"'));
    }

    private static Integration integration(String fields) {
        return AlertFields.integration("ingest", json(fields));
    }

    private static MaintenanceWindow window(String fields) {
        return AlertFields.maintenanceWindow("patching", json(fields));
    }

    private static void assertRefused(Runnable read, String field, String problem) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(InvalidAlertSettingException.class, invalid -> {
            assertThat(invalid.field()).isEqualTo(field);
            assertThat(invalid.problem()).startsWith(problem);
        }).hasMessageStartingWith(field + ": ");
    }

    private static void assertIntegrationRefused(String fields, String field, String problem) {
        assertRefused(() -> integration(fields), field, problem);
    }

    private static void assertWindowRefused(String fields, String field, String problem) {
        assertRefused(() -> window(fields), field, problem);
    }

    // --- integrations

    @Test
    void readsAnEventsIntegrationWithSeveritiesAndAutoResolve() {
        Integration integration = integration("""
                {'title': 'Prometheus', 'service': 'ledger', 'type': 'alertmanager',
                 'severities': {'page': 'critical', 'ticket': 'warning'}, 'autoResolveAfter': '4h'}
                """);

        assertThat(integration).isEqualTo(new Integration("ingest", "Prometheus", "ledger", IntegrationType.ALERTMANAGER,
                Map.of("page", Severity.CRITICAL, "ticket", Severity.WARNING), Duration.ofHours(4), null));
    }

    @Test
    void aMinimalIntegrationTakesTheDefaultsAndWritesBackAsGiven() {
        Integration integration = integration("{'service': 'ledger', 'type': 'events-v2'}");

        assertThat(integration).isEqualTo(new Integration("ingest", null, "ledger", IntegrationType.EVENTS_V2, null, null, null));
        assertThat(integration.name()).isEqualTo("ingest");
        assertThat(AlertFields.json(integration)).isEqualTo(json("{'service': 'ledger', 'type': 'events-v2'}"));
    }

    @Test
    void aWebhookIntegrationReadsItsMappingAndLeavesDefaultStatusValuesOut() {
        Integration integration = integration("""
                {'service': 'ledger', 'type': 'webhook', 'mapping': {'title': '$.title', 'dedupKey': '$.id',
                 'triggerValues': ['trigger', 'triggered', 'firing', 'alerting', 'problem', 'open', 'critical', 'down']}}
                """);

        assertThat(integration.mapping()).isEqualTo(new WebhookMapping(null, "$.title", "$.id", null, null, null, null, null, null, null,
                null));
        assertThat(AlertFields.json(integration)).isEqualTo(json("""
                {'service': 'ledger', 'type': 'webhook', 'mapping': {'title': '$.title', 'dedupKey': '$.id'}}
                """));
    }

    @Test
    void everyIntegrationFieldSurvivesTheRoundTrip() {
        Integration integration = integration("""
                {'title': 'Grafana OnCall', 'service': 'ledger', 'type': 'webhook', 'severities': {'P1': 'critical', 'p5': 'info'},
                 'autoResolveAfter': '90m',
                 'mapping': {'alerts': '$.alerts[*]', 'title': '$.labels.alertname', 'dedupKey': '$.fingerprint', 'status': '$.status',
                             'severity': '$.labels.severity', 'source': '$.labels.instance', 'links': '$.generatorURL',
                             'details': '$.annotations', 'triggerValues': ['firing'], 'acknowledgeValues': ['silenced'],
                             'resolveValues': ['resolved', 'ok']}}
                """);

        assertThat(AlertFields.json(integration)).isEqualTo(json("""
                {'title': 'Grafana OnCall', 'service': 'ledger', 'type': 'webhook', 'severities': {'P1': 'critical', 'p5': 'info'},
                 'autoResolveAfter': '90m',
                 'mapping': {'alerts': '$.alerts[*]', 'title': '$.labels.alertname', 'dedupKey': '$.fingerprint', 'status': '$.status',
                             'severity': '$.labels.severity', 'source': '$.labels.instance', 'links': '$.generatorURL',
                             'details': '$.annotations', 'triggerValues': ['firing'], 'acknowledgeValues': ['silenced'],
                             'resolveValues': ['resolved', 'ok']}}
                """));
        assertThat(AlertFields.integration("ingest", AlertFields.json(integration))).isEqualTo(integration);
    }

    @Test
    void severitiesAreWrittenInOrderWhateverOrderTheyWereRead() {
        Integration integration = integration("{'service': 's', 'type': 'events-v2', 'severities': {'warn': 'warning', 'crit': 'critical', 'info': 'info'}}");

        assertThat(AlertFields.json(integration).get("severities").propertyNames()).containsExactly("crit", "info", "warn");
    }

    @Test
    void anIntegrationNeedsAValidNameServiceAndType() {
        assertRefused(() -> AlertFields.integration("Ingest Prometheus", json("{'service': 's', 'type': 'events-v2'}")), "name",
                "'Ingest Prometheus' is not a valid slug");
        assertIntegrationRefused("[]", "spec", "must be a mapping of fields: title, service, type");
        assertIntegrationRefused("{'type': 'events-v2'}", "service", "is required");
        assertIntegrationRefused("{'service': 'Ledger DB', 'type': 'events-v2'}", "service", "'Ledger DB' is not a valid slug");
        assertIntegrationRefused("{'service': ['s'], 'type': 'events-v2'}", "service", "must be text, not a list");
        assertIntegrationRefused("{'service': 's'}", "type", "is required: one of events-v2, alertmanager, webhook");
        assertIntegrationRefused("{'service': 's', 'type': 'pagerduty'}", "type",
                "'pagerduty' is not an integration type: use one of events-v2, alertmanager, webhook");
        assertIntegrationRefused("{'service': 's', 'type': 'events-v2', 'colour': 'red'}", "colour",
                "unknown field 'colour'; known fields: title, service, type, severities, autoResolveAfter, mapping");
    }

    @Test
    void severitiesMapSourceWordsOntoTheFourSeverities() {
        assertIntegrationRefused("{'service': 's', 'type': 'events-v2', 'severities': ['critical']}", "severities",
                "must be a mapping of source severity to one of critical, error, warning, info");
        assertIntegrationRefused("{'service': 's', 'type': 'events-v2', 'severities': {'page': 'urgent'}}", "severities.page",
                "'urgent' is not a severity: use one of critical, error, warning, info");
        assertIntegrationRefused("{'service': 's', 'type': 'events-v2', 'severities': {'page': 'Critical'}}", "severities.page",
                "'Critical' is not a severity");
        assertIntegrationRefused("{'service': 's', 'type': 'events-v2', 'severities': {'page': {'to': 'critical'}}}", "severities.page",
                "a mapping is not a severity");
        assertIntegrationRefused("{'service': 's', 'type': 'events-v2', 'severities': {'page': null}}", "severities.page",
                "nothing is not a severity");
        assertIntegrationRefused("{'service': 's', 'type': 'events-v2', 'severities': {'page': 'critical', 'Page': 'info'}}",
                "severities.Page", "is the same as 'page' (source severities are compared lower-cased): keep one");
        assertIntegrationRefused("{'service': 's', 'type': 'events-v2', 'severities': {'': 'info'}}", "severities",
                "a source severity must not be empty");
    }

    @Test
    void autoResolveAfterIsAtLeastAMinute() {
        assertIntegrationRefused("{'service': 's', 'type': 'events-v2', 'autoResolveAfter': 'soon'}", "autoResolveAfter",
                "'soon' is not a duration: write it like 30m, 4h or 3d");
        assertIntegrationRefused("{'service': 's', 'type': 'events-v2', 'autoResolveAfter': '30s'}", "autoResolveAfter",
                "must be at least 1m, not 30s");
        assertThat(integration("{'service': 's', 'type': 'events-v2', 'autoResolveAfter': '30d'}").autoResolveAfter())
                .isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aMappingIsRequiredForAWebhookAndRefusedOtherwise() {
        assertIntegrationRefused("{'service': 's', 'type': 'webhook'}", "mapping", "is required for a webhook integration");
        assertIntegrationRefused("{'service': 's', 'type': 'alertmanager', 'mapping': {'title': '$.title'}}", "mapping",
                "only applies to a webhook integration: remove it, or set type: webhook");
        assertIntegrationRefused("{'service': 's', 'type': 'webhook', 'mapping': '$.title'}", "mapping",
                "must be a mapping of fields: alerts, title, dedupKey");
        assertIntegrationRefused("{'service': 's', 'type': 'webhook', 'mapping': {'title': '$.title', 'colour': '$.c'}}", "mapping.colour",
                "unknown field 'colour'; known fields: alerts, title,");
        assertIntegrationRefused("{'service': 's', 'type': 'webhook', 'mapping': {'dedupKey': '$.id'}}", "mapping.title",
                "is required: the JSONPath of the alert's title, such as $.title");
    }

    @Test
    void mappingPathsAreJsonPaths() {
        assertIntegrationRefused("{'service': 's', 'type': 'webhook', 'mapping': {'title': 'title'}}", "mapping.title",
                "'title' is not a JSONPath: start it at the root, like $.title");
        assertIntegrationRefused("{'service': 's', 'type': 'webhook', 'mapping': {'title': '$.t', 'dedupKey': '$..['}}", "mapping.dedupKey",
                "'$..[' is not a valid JSONPath: check its brackets and quotes");
        assertIntegrationRefused("{'service': 's', 'type': 'webhook', 'mapping': {'title': ['$.t']}}", "mapping.title",
                "must be text, not a list");
    }

    @Test
    void statusValuesAreNonEmptyListsThatMeanOneThingEach() {
        assertIntegrationRefused("{'service': 's', 'type': 'webhook', 'mapping': {'title': '$.t', 'triggerValues': []}}",
                "mapping.triggerValues", "must list at least one status value; leave it out for the defaults");
        assertIntegrationRefused("{'service': 's', 'type': 'webhook', 'mapping': {'title': '$.t', 'triggerValues': 'firing'}}",
                "mapping.triggerValues", "must be a list, not 'firing'");
        assertIntegrationRefused("{'service': 's', 'type': 'webhook', 'mapping': {'title': '$.t', 'resolveValues': ['ok', ' ']}}",
                "mapping.resolveValues[1]", "must not be empty");
        assertIntegrationRefused("{'service': 's', 'type': 'webhook', 'mapping': {'title': '$.t', 'resolveValues': ['ok', ['x']]}}",
                "mapping.resolveValues[1]", "must be text");
        // "OK" is a default resolve value: as a trigger value it would mean two things.
        assertIntegrationRefused("{'service': 's', 'type': 'webhook', 'mapping': {'title': '$.t', 'triggerValues': ['firing', 'OK']}}",
                "mapping.triggerValues[1]", "'OK' is also in resolveValues (by default): a status value can mean only one thing");
        assertIntegrationRefused("""
                {'service': 's', 'type': 'webhook', 'mapping': {'title': '$.t', 'triggerValues': ['bad'], 'resolveValues': ['good', 'bad']}}
                """, "mapping.resolveValues[1]", "'bad' is also in triggerValues: a status value can mean only one thing");
        // Taking a default word for something else is fine once that default is replaced.
        assertThat(integration("""
                {'service': 's', 'type': 'webhook', 'mapping': {'title': '$.t', 'triggerValues': ['ok'], 'resolveValues': ['fine']}}
                """).mapping().triggerValues()).containsExactly("ok");
    }

    // --- maintenance windows

    @Test
    void readsAOneOffWindowAndWritesItInUtc() {
        MaintenanceWindow window = window("""
                {'title': 'Ledger database upgrade', 'description': 'Postgres 17 to 18', 'services': ['ledger', 'ledger-api'],
                 'start': '2026-03-10T22:00:00+01:00', 'end': '2026-03-11T02:00:00+01:00'}
                """);

        assertThat(window).isEqualTo(new MaintenanceWindow("patching", "Ledger database upgrade", "Postgres 17 to 18",
                List.of("ledger", "ledger-api"), false, Instant.parse("2026-03-10T21:00:00Z"), Instant.parse("2026-03-11T01:00:00Z"),
                null, null, null, null));
        assertThat(window.recurring()).isFalse();
        assertThat(AlertFields.json(window)).isEqualTo(json("""
                {'title': 'Ledger database upgrade', 'description': 'Postgres 17 to 18', 'services': ['ledger', 'ledger-api'],
                 'start': '2026-03-10T21:00:00Z', 'end': '2026-03-11T01:00:00Z'}
                """));
        assertThat(AlertFields.maintenanceWindow("patching", AlertFields.json(window))).isEqualTo(window);
    }

    @Test
    void readsARecurringCronWindowAndWritesItsBoundsInItsZone() {
        MaintenanceWindow window = window("""
                {'allServices': true, 'cron': '0 2 * * 0', 'duration': '4h', 'timezone': 'Europe/London',
                 'start': '2026-03-01T00:00:00Z', 'end': '2026-09-01T00:00:00Z'}
                """);

        assertThat(window).isEqualTo(new MaintenanceWindow("patching", null, null, List.of(), true, Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-09-01T00:00:00Z"), "0 2 * * 0", null, Duration.ofHours(4), ZoneId.of("Europe/London")));
        // 1 September is in British Summer Time.
        assertThat(AlertFields.json(window)).isEqualTo(json("""
                {'allServices': true, 'start': '2026-03-01T00:00:00Z', 'end': '2026-09-01T01:00:00+01:00', 'cron': '0 2 * * 0',
                 'duration': '4h', 'timezone': 'Europe/London'}
                """));
        assertThat(AlertFields.maintenanceWindow("patching", AlertFields.json(window))).isEqualTo(window);
    }

    @Test
    void readsARecurringRuleWindowInUtcByDefault() {
        MaintenanceWindow window = window("{'services': ['ledger'], 'rrule': 'RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0', 'duration': '3d'}");

        assertThat(window.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(window.duration()).isEqualTo(Duration.ofDays(3));
        assertThat(AlertFields.json(window)).isEqualTo(json("""
                {'services': ['ledger'], 'rrule': 'RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0', 'duration': '3d'}
                """));
        // UTC spelled out is the same window.
        assertThat(window("{'services': ['ledger'], 'rrule': 'RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0', 'duration': '3d', "
                + "'timezone': 'UTC'}")).isEqualTo(window);
    }

    @Test
    void aRuleThatCountsNeedsAStart() {
        assertWindowRefused("{'services': ['s'], 'rrule': 'FREQ=DAILY;COUNT=3', 'duration': '1h'}", "rrule",
                "COUNT counts occurrences from start: add start, or use UNTIL instead");
        assertWindowRefused("{'services': ['s'], 'rrule': 'FREQ=WEEKLY;INTERVAL=2', 'duration': '1h'}", "rrule",
                "INTERVAL=2 counts periods from start: add start, so it is clear which ones");
        MaintenanceWindow window = window("""
                {'services': ['s'], 'rrule': 'FREQ=WEEKLY;INTERVAL=2;COUNT=4', 'duration': '1h', 'start': '2026-01-05T09:00:00+01:00',
                 'timezone': 'Europe/Berlin'}
                """);
        assertThat(AlertFields.maintenanceWindow("patching", AlertFields.json(window))).isEqualTo(window);
    }

    @Test
    void aWindowCoversServicesOrAllOfThem() {
        assertWindowRefused("{'start': '2026-03-10T22:00:00Z', 'end': '2026-03-11T02:00:00Z'}", "services",
                "is required: the services the window covers (services: [checkout]), or allServices: true");
        assertWindowRefused("{'services': [], 'start': '2026-03-10T22:00:00Z', 'end': '2026-03-11T02:00:00Z'}", "services",
                "must name at least one service, or use allServices: true instead");
        assertWindowRefused("{'services': 'ledger', 'start': '2026-03-10T22:00:00Z', 'end': '2026-03-11T02:00:00Z'}", "services",
                "must be a list, not 'ledger'");
        assertWindowRefused("{'services': ['ledger', 'Ledger API'], 'start': '2026-03-10T22:00:00Z', 'end': '2026-03-11T02:00:00Z'}",
                "services[1]", "'Ledger API' is not a valid slug");
        assertWindowRefused("{'services': ['ledger', 'ledger'], 'start': '2026-03-10T22:00:00Z', 'end': '2026-03-11T02:00:00Z'}",
                "services[1]", "'ledger' is listed twice: keep one");
        assertWindowRefused("{'services': ['ledger'], 'allServices': true, 'start': '2026-03-10T22:00:00Z', 'end': '2026-03-11T02:00:00Z'}",
                "services", "give either services or allServices: true, not both");
        assertWindowRefused("{'allServices': 'yes', 'start': '2026-03-10T22:00:00Z', 'end': '2026-03-11T02:00:00Z'}", "allServices",
                "must be true or false");
    }

    @Test
    void aOneOffWindowNeedsAStartBeforeItsEnd() {
        assertRefused(() -> AlertFields.maintenanceWindow("Patch Tuesday", json("{'allServices': true}")), "name",
                "'Patch Tuesday' is not a valid slug");
        assertWindowRefused("{'allServices': true}", "start", "is required: when a one-off window begins");
        assertWindowRefused("{'allServices': true, 'start': '2026-03-10T22:00:00Z'}", "end", "is required: when a one-off window ends");
        assertWindowRefused("{'allServices': true, 'start': '2026-03-10 22:00', 'end': '2026-03-11T02:00:00Z'}", "start",
                "'2026-03-10 22:00' is not a date and time with an offset: write it like 2026-03-01T02:00:00+01:00 or 2026-03-01T01:00:00Z");
        assertWindowRefused("{'allServices': true, 'start': '2026-03-10T22:00:00Z', 'end': '2026-03-11T02:00:00'}", "end",
                "'2026-03-11T02:00:00' is not a date and time with an offset");
        assertWindowRefused("{'allServices': true, 'start': '2026-03-10T22:00:00Z', 'end': '2026-03-10T23:00:00+01:00'}", "end",
                "must be after start (2026-03-10T22:00:00Z)");
        assertWindowRefused("{'allServices': true, 'start': '2026-03-10T22:00:00Z', 'end': '2026-03-11T02:00:00Z', 'duration': '4h'}",
                "duration", "only applies to a recurring window (cron or rrule)");
        assertWindowRefused("{'allServices': true, 'start': '2026-03-10T22:00:00Z', 'end': '2026-03-11T02:00:00Z', 'timezone': 'UTC'}",
                "timezone", "only applies to a recurring window (cron or rrule)");
        assertWindowRefused("{'allServices': true, 'start': '2026-03-10T22:00:00Z', 'end': '2026-03-11T02:00:00Z', 'owner': 'x'}", "owner",
                "unknown field 'owner'; known fields: title, description, services, allServices, start, end, cron, rrule, duration, timezone");
    }

    @Test
    void aRecurringWindowNeedsOneExpressionAndADuration() {
        assertWindowRefused("{'allServices': true, 'cron': '0 2 * * 0', 'rrule': 'FREQ=DAILY', 'duration': '1h'}", "rrule",
                "give either cron or rrule, not both");
        assertWindowRefused("{'allServices': true, 'cron': '0 2 * * 0'}", "duration", "is required: how long each occurrence");
        assertWindowRefused("{'allServices': true, 'cron': '0 2 * * 0', 'duration': '30s'}", "duration", "must be at least 1m, not 30s");
        assertWindowRefused("{'allServices': true, 'cron': '', 'duration': '1h'}", "cron", "is empty: write the expression, or leave cron out");
        assertWindowRefused("{'allServices': true, 'cron': '0 2 * * 0', 'duration': '1h', 'timezone': 'Mars/Olympus'}", "timezone",
                "'Mars/Olympus' is not a time zone: use an IANA name such as Europe/Amsterdam");
        assertWindowRefused("{'allServices': true, 'cron': '0 2 * * 0', 'duration': '1h', 'start': '2026-03-01T00:00:00Z', "
                + "'end': '2026-02-01T00:00:00Z'}", "end", "must be after start");
        // No upper limit: a window may run for weeks.
        assertThat(window("{'allServices': true, 'cron': '0 0 1 * *', 'duration': '21d'}").duration()).isEqualTo(Duration.ofDays(21));
    }

    @Test
    void aBadExpressionIsNamedWithTheParsersReason() {
        assertWindowRefused("{'allServices': true, 'cron': '0 2 * *', 'duration': '1h'}", "cron",
                "'0 2 * *' is not a five-field cron expression (minute hour day-of-month month day-of-week): ");
        assertWindowRefused("{'allServices': true, 'cron': '0 0 30 2 *', 'duration': '1h'}", "cron", "'0 0 30 2 *' never matches a date");
        assertWindowRefused("{'allServices': true, 'rrule': 'FREQ=FORTNIGHTLY', 'duration': '1h'}", "rrule",
                "'FREQ=FORTNIGHTLY' is not an RRULE (such as FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0): Unknown FREQ value FORTNIGHTLY");
        assertWindowRefused("{'allServices': true, 'rrule': 'FREQ=DAILY;COUNT=0', 'duration': '1h', 'start': '2026-01-01T00:00:00Z'}",
                "rrule", "'FREQ=DAILY;COUNT=0' is not an RRULE");
        assertWindowRefused("{'allServices': true, 'rrule': 'FREQ=DAILY;BYHOUR=2', 'duration': '1h', 'start': '2026-03-01T00:00:00Z', "
                + "'end': '2026-03-01T01:00:00Z'}", "rrule", "'FREQ=DAILY;BYHOUR=2' has no occurrence between start and end");
        assertWindowRefused("{'allServices': true, 'rrule': 'FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30', 'duration': '1h'}", "rrule",
                "'FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30' matches too rarely or never to be evaluated (too many empty recurrence sets)");
        assertWindowRefused("{'allServices': true, 'rrule': 'FREQ=DAILY;UNTIL=20000101T000000Z', 'duration': '1h'}", "rrule",
                "'FREQ=DAILY;UNTIL=20000101T000000Z' never matches a date");
    }
}
