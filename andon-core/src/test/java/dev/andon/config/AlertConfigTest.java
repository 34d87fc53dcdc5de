package dev.andon.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.alerts.Integration;
import dev.andon.alerts.IntegrationType;
import dev.andon.alerts.MaintenanceWindow;
import dev.andon.alerts.Severity;
import dev.andon.alerts.WebhookMapping;
import dev.andon.catalog.Catalog;
import dev.andon.catalog.Lifecycle;
import dev.andon.catalog.Service;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Integration and MaintenanceWindow kinds: read with the alerts' own field vocabulary, problems at
 * the field's line and column, planned after the services they name, exported and read back unchanged.
 */
class AlertConfigTest {
    private static final Service LEDGER = service("ledger");
    private static final Integration PROMETHEUS = new Integration("ledger-prometheus", "Prometheus", "ledger", IntegrationType.ALERTMANAGER,
            Map.of("page", Severity.CRITICAL), Duration.ofHours(4), null);
    private static final MaintenanceWindow PATCHING = new MaintenanceWindow("sunday-patching", "Sunday patching", null, List.of("ledger"),
            false, null, null, null, "FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0", Duration.ofHours(4), ZoneId.of("Europe/London"));

    private static final String PROMETHEUS_YAML = """
            apiVersion: andon.dev/v1
            kind: Integration
            metadata: {name: ledger-prometheus}
            spec:
              title: Prometheus
              service: ledger
              type: alertmanager
              severities: {page: critical}
              autoResolveAfter: 4h
            """;
    private static final String PATCHING_YAML = """
            apiVersion: andon.dev/v1
            kind: MaintenanceWindow
            metadata: {name: sunday-patching}
            spec:
              title: Sunday patching
              services: [ledger]
              rrule: FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0
              duration: 4h
              timezone: Europe/London
            """;
    private static final String LEDGER_YAML = """
            apiVersion: andon.dev/v1
            kind: Service
            metadata: {name: ledger}
            """;

    private static Service service(String slug) {
        return new Service(slug, slug, null, null, 3, Lifecycle.PRODUCTION, null, null, List.of(), List.of(), List.of());
    }

    private static ParseResult parse(String content) {
        return ConfigParser.parse(List.of(new SourceFile("alerts.yaml", content)));
    }

    private static List<String> problems(String content) {
        return parse(content).problems().stream().map(ConfigProblem::toString).toList();
    }

    private static List<ConfigObject> files(String content) {
        ParseResult result = parse(content);
        assertThat(result.problems()).isEmpty();
        return result.objects();
    }

    /** An Integration document around the given spec lines, the spec starting on line 5. */
    private static String integration(String spec) {
        return "apiVersion: andon.dev/v1\nkind: Integration\nmetadata: {name: ingest}\nspec:\n" + spec.indent(2);
    }

    private static String window(String spec) {
        return "apiVersion: andon.dev/v1\nkind: MaintenanceWindow\nmetadata: {name: patching}\nspec:\n" + spec.indent(2);
    }

    private static Catalog catalog(List<Service> services, List<Integration> integrations, List<MaintenanceWindow> windows) {
        return new Catalog(List.of(), List.of(), List.of(), services).withAlertSettings(integrations, windows);
    }

    // --- reading

    @Test
    void readsAnIntegrationAndAMaintenanceWindow() {
        ParseResult result = parse(PROMETHEUS_YAML + "---\n" + PATCHING_YAML + """
                ---
                apiVersion: andon.dev/v1
                kind: Integration
                metadata:
                  name: ledger-webhook
                spec:
                  service: ledger
                  type: webhook
                  mapping:
                    alerts: $.alerts[*]
                    title: $.name
                    dedupKey: $.id
                    status: $.state
                    resolveValues: [ok, closed]
                ---
                apiVersion: andon.dev/v1
                kind: MaintenanceWindow
                metadata:
                  name: ledger-upgrade
                spec:
                  description: Postgres 17 to 18
                  services: [ledger]
                  start: 2026-03-10T22:00:00+01:00
                  end: 2026-03-11T02:00:00+01:00
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.objects()).extracting(ConfigObject::kind)
                .containsExactly(Kind.INTEGRATION, Kind.MAINTENANCE_WINDOW, Kind.INTEGRATION, Kind.MAINTENANCE_WINDOW);
        assertThat(result.objects().get(0).value()).isEqualTo(PROMETHEUS);
        assertThat(result.objects().get(1).value()).isEqualTo(PATCHING);
        assertThat(((Integration) result.objects().get(2).value()).mapping()).isEqualTo(new WebhookMapping("$.alerts[*]", "$.name", "$.id",
                "$.state", null, null, null, null, null, null, List.of("ok", "closed")));
        assertThat(result.objects().get(3).value()).isEqualTo(new MaintenanceWindow("ledger-upgrade", null, "Postgres 17 to 18",
                List.of("ledger"), false, Instant.parse("2026-03-10T21:00:00Z"), Instant.parse("2026-03-11T01:00:00Z"), null, null, null, null));
    }

    @Test
    void fieldsRememberWhereTheyAreForThePlan() {
        ConfigObject window = parse(window("services: [ledger, ledger-api]\nstart: 2026-03-10T22:00:00Z\nend: 2026-03-11T02:00:00Z"))
                .objects().getFirst();

        assertThat(window.locate("services[1]")).isEqualTo(new Location("alerts.yaml", 5, 22));
    }

    @Test
    void aBadFieldIsReportedAtItsLineAndColumn() {
        assertThat(problems(integration("""
                service: ledger
                type: webhook
                mapping:
                  title: name
                """))).containsExactly("alerts.yaml:8:12: mapping.title: 'name' is not a JSONPath: start it at the root, like $.name");
        assertThat(problems(integration("""
                service: ledger
                type: alertmanager
                severities:
                  page: urgent
                """))).containsExactly(
                "alerts.yaml:8:11: severities.page: 'urgent' is not a severity: use one of critical, error, warning, info");
        assertThat(problems(window("""
                allServices: true
                rrule: FREQ=FORTNIGHTLY
                duration: 4h
                """))).containsExactly("alerts.yaml:6:10: rrule: 'FREQ=FORTNIGHTLY' is not an RRULE (such as "
                + "FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0): Unknown FREQ value FORTNIGHTLY");
        assertThat(problems(window("services: [ledger, Ledger API]\nstart: 2026-03-10T22:00:00Z\nend: 2026-03-11T02:00:00Z")))
                .singleElement().asString().startsWith("alerts.yaml:5:22: services[1]: 'Ledger API' is not a valid slug");
        assertThat(problems(window("allServices: true\ncron: \"0 2 * * 0\"\nduration: 30s"))).containsExactly(
                "alerts.yaml:7:13: duration must be at least 1m, not 30s");
    }

    @Test
    void unknownFieldsAreReportedAtTheirNames() {
        assertThat(problems(integration("service: ledger\ntype: events-v2\nroutingKey: abc"))).singleElement().asString()
                .startsWith("alerts.yaml:7:3: unknown field 'routingKey' in spec: allowed fields are title, service, type");
        assertThat(problems(integration("""
                service: ledger
                type: webhook
                mapping:
                  title: $.name
                  colour: $.colour
                """))).singleElement().asString()
                .startsWith("alerts.yaml:9:5: mapping.colour: unknown field 'colour'; known fields: alerts, title, ");
    }

    @Test
    void aRequiredFieldLeftOutIsReportedAtTheSpecOrTheDocument() {
        assertThat(problems(integration("type: events-v2"))).containsExactly(
                "alerts.yaml:5:3: service is required: the slug of the service whose alerts come in here");
        assertThat(problems("apiVersion: andon.dev/v1\nkind: MaintenanceWindow\nmetadata: {name: patching}\n")).containsExactly(
                "alerts.yaml:1:1: services is required: the services the window covers (services: [checkout]), or allServices: true");
        assertThat(problems(integration("service: ledger\ntype: webhook\nmapping: {dedupKey: $.id}"))).containsExactly(
                "alerts.yaml:7:12: mapping.title is required: the JSONPath of the alert's title, such as $.title");
    }

    @Test
    void anInvalidNameIsReportedAtTheName() {
        assertThat(problems("apiVersion: andon.dev/v1\nkind: Integration\nmetadata: {name: Ingest}\nspec: {service: s, type: events-v2}\n"))
                .singleElement().asString().startsWith("alerts.yaml:3:18: metadata.name: 'Ingest' is not a valid slug");
    }

    // --- planning

    @Test
    void integrationsAndWindowsAreCreatedAfterTheServicesTheyName() {
        Plan plan = Planner.plan(Catalog.empty(), files(PATCHING_YAML + "---\n" + PROMETHEUS_YAML + "---\n" + LEDGER_YAML), false, null);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.changes()).extracting(change -> change.action() + " " + change.kind() + " " + change.name()).containsExactly(
                "CREATE SERVICE ledger", "CREATE INTEGRATION ledger-prometheus", "CREATE MAINTENANCE_WINDOW sunday-patching");
        assertThat(plan.render()).contains("+ create Integration ledger-prometheus\n+ create MaintenanceWindow sunday-patching\n");
    }

    @Test
    void anUnknownServiceIsReportedAtTheFieldThatNamesIt() {
        Plan plan = Planner.plan(Catalog.empty(), files(PROMETHEUS_YAML + "---\n" + window("""
                services: [ledger, billing]
                start: 2026-03-10T22:00:00Z
                end: 2026-03-11T02:00:00Z
                """) + "---\n" + LEDGER_YAML), false, null);

        assertThat(plan.problems()).map(ConfigProblem::toString).containsExactly(
                "alerts.yaml:15:22: services[1] refers to Service 'billing', which does not exist: define a Service named billing or fix the name");
        assertThat(Planner.plan(Catalog.empty(), files(PROMETHEUS_YAML), false, null).problems()).map(ConfigProblem::toString)
                .containsExactly("alerts.yaml:6:12: service refers to Service 'ledger', which does not exist: define a Service named ledger "
                        + "or fix the name");
    }

    @Test
    void equalIntegrationAndWindowNeedNoChange() {
        Catalog current = catalog(List.of(LEDGER), List.of(PROMETHEUS), List.of(PATCHING));

        Plan plan = Planner.plan(current, files(PROMETHEUS_YAML + "---\n" + PATCHING_YAML), true, null);

        assertThat(plan.render()).isEqualTo("No changes. The catalog matches the files.\n");
    }

    @Test
    void anUpdateShowsEachChangedFieldOnItsOwnLine() {
        Catalog current = catalog(List.of(LEDGER), List.of(PROMETHEUS), List.of(PATCHING));

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Integration
                metadata: {name: ledger-prometheus}
                spec:
                  title: Prometheus
                  service: ledger
                  type: alertmanager
                  severities: {page: critical, ticket: warning}
                ---
                apiVersion: andon.dev/v1
                kind: MaintenanceWindow
                metadata: {name: sunday-patching}
                spec:
                  title: Sunday patching
                  services: [ledger]
                  cron: 0 2 * * 0
                  duration: 3h
                  timezone: Europe/London
                """), false, null);

        assertThat(plan.render()).isEqualTo("""
                ~ update Integration ledger-prometheus
                    severities.ticket: (none) -> warning
                    autoResolveAfter: 4h -> (none)
                ~ update MaintenanceWindow sunday-patching
                    cron: (none) -> 0 2 * * 0
                    duration: 4h -> 3h
                    rrule: FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0 -> (none)
                Plan: 0 to create, 2 to update, 0 to delete.
                """);
    }

    @Test
    void pruneDeletesIntegrationsAndWindowsBeforeTheServicesTheyName() {
        Integration oldIntegration = new Integration("old-events", null, "old-shop", IntegrationType.EVENTS_V2, null, null, null);
        MaintenanceWindow oldWindow = new MaintenanceWindow("old-window", null, null, List.of("old-shop"), false,
                Instant.parse("2026-03-10T22:00:00Z"), Instant.parse("2026-03-11T02:00:00Z"), null, null, null, null);
        Catalog current = catalog(List.of(LEDGER, service("old-shop")), List.of(PROMETHEUS, oldIntegration), List.of(PATCHING, oldWindow));

        Plan plan = Planner.plan(current, files(PROMETHEUS_YAML + "---\n" + PATCHING_YAML + "---\n" + LEDGER_YAML), true, null);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.changes()).extracting(change -> change.action() + " " + change.kind() + " " + change.name()).containsExactly(
                "DELETE INTEGRATION old-events", "DELETE MAINTENANCE_WINDOW old-window", "DELETE SERVICE old-shop");
    }

    @Test
    void pruningAServiceAnUndeclaredWindowStillNamesIsReported() {
        Catalog current = catalog(List.of(LEDGER, service("billing")), List.of(), List.of(PATCHING));

        Plan plan = Planner.plan(current, files("apiVersion: andon.dev/v1\nkind: Service\nmetadata: {name: billing}\n"), true, null);

        assertThat(plan.problems()).map(ConfigProblem::toString).containsExactly(
                "alerts.yaml:1:1: Service 'ledger' would be deleted because no file defines it, but MaintenanceWindow 'sunday-patching' "
                        + "still refers to it in services[0]: add Service 'ledger' to the files or change sunday-patching first");
    }

    // --- export

    @Test
    void integrationsAndWindowsSurviveTheRoundTrip() {
        Integration webhook = new Integration("ledger-webhook", null, "ledger", IntegrationType.WEBHOOK, Map.of("P1", Severity.CRITICAL,
                "p5", Severity.INFO), null, new WebhookMapping("$.alerts[*]", "$.name", "$.id", "$.state", "$.priority", "$.host",
                "$.url", "$.details", List.of("open"), List.of("ack"), List.of("closed")));
        MaintenanceWindow upgrade = new MaintenanceWindow("ledger-upgrade", "Ledger upgrade", "Postgres 17 to 18", List.of("ledger"), false,
                Instant.parse("2026-03-10T21:00:00Z"), Instant.parse("2026-03-11T01:00:00Z"), null, null, null, null);
        MaintenanceWindow monthly = new MaintenanceWindow("monthly", null, "", List.of(), true, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"), "0 0 1 * *", null, Duration.ofDays(3), ZoneId.of("America/New_York"));
        Catalog catalog = catalog(List.of(LEDGER), List.of(PROMETHEUS, webhook), List.of(PATCHING, upgrade, monthly));

        String yaml = ConfigExporter.export(catalog);
        ParseResult parsed = ConfigParser.parse(List.of(new SourceFile("export.yaml", yaml)));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.objects()).extracting(object -> object.kind().yamlName() + " " + object.name()).containsExactly(
                "Service ledger", "Integration ledger-prometheus", "Integration ledger-webhook", "MaintenanceWindow ledger-upgrade",
                "MaintenanceWindow monthly", "MaintenanceWindow sunday-patching");
        assertThat(parsed.objects()).extracting(ConfigObject::value).containsAll(catalog.integrations())
                .containsAll(catalog.maintenanceWindows());
        assertThat(Planner.plan(catalog, parsed.objects(), true, null).render()).isEqualTo("No changes. The catalog matches the files.\n");
    }

    @Test
    void exportLeavesTheDefaultsOut() {
        Catalog catalog = catalog(List.of(), List.of(new Integration("events", null, "ledger", IntegrationType.EVENTS_V2, null, null, null)),
                List.of(PATCHING, new MaintenanceWindow("upgrade", null, null, List.of("ledger"), false, Instant.parse("2026-03-10T21:00:00Z"),
                        Instant.parse("2026-03-11T01:00:00Z"), null, null, null, null)));

        assertThat(ConfigExporter.export(catalog)).isEqualTo("""
                ---
                apiVersion: andon.dev/v1
                kind: Integration
                metadata:
                  name: events
                spec:
                  service: ledger
                  type: events-v2
                ---
                apiVersion: andon.dev/v1
                kind: MaintenanceWindow
                metadata:
                  name: sunday-patching
                spec:
                  title: Sunday patching
                  services:
                    - ledger
                  rrule: FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0
                  duration: 4h
                  timezone: Europe/London
                ---
                apiVersion: andon.dev/v1
                kind: MaintenanceWindow
                metadata:
                  name: upgrade
                spec:
                  services:
                    - ledger
                  start: 2026-03-10T21:00:00Z
                  end: 2026-03-11T01:00:00Z
                """);
    }
}
