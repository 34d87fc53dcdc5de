package dev.andon.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.catalog.Catalog;
import dev.andon.catalog.CatalogSystem;
import dev.andon.catalog.Dependency;
import dev.andon.catalog.DependencyKind;
import dev.andon.catalog.Lifecycle;
import dev.andon.catalog.Link;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.checks.Check;
import dev.andon.checks.DownRule;
import dev.andon.checks.Heartbeat;
import dev.andon.checks.HeartbeatSchedule;
import dev.andon.checks.Thresholds;
import dev.andon.probe.DnsSpec;
import dev.andon.probe.HttpSpec;
import dev.andon.probe.PingSpec;
import dev.andon.probe.TcpSpec;
import dev.andon.probe.TlsSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigExporterTest {

    /** Deliberately awkward: values that look like other YAML types, quotes, colons, newlines, no owner. */
    private static Catalog richCatalog() {
        return new Catalog(
                List.of(new User("zoe", "Zoë O'Brien", null, User.Role.MEMBER),
                        new User("alice", "Alice: \"the admin\"", "alice@example.com", User.Role.ADMIN),
                        new User("bob", "bob", "", User.Role.MEMBER)),
                List.of(new Team("payments", "Payments", "Moves money.\nAlso: refunds, \"chargebacks\" and 'disputes'.\n",
                                "#payments-oncall", List.of("alice", "bob")),
                        new Team("core", "true", "", "", List.of())),
                List.of(new CatalogSystem("checkout", "Checkout", "- starts with a dash", "payments"),
                        new CatalogSystem("orphans", "null", "  leading and trailing spaces  ", null)),
                List.of(new Service("payments-api", "Payments API", "Takes payments: cards & wallets\n\n  indented line", "api", 1,
                                Lifecycle.PRODUCTION, "payments", "checkout", List.of("java", "pci", "3", "yes"),
                                List.of(new Link("runbook", "On-call: runbook", "https://wiki.example.com/pay?x=1#top"),
                                        new Link("repository", null, "https://github.com/example/payments-api")),
                                List.of(new Dependency("ledger", DependencyKind.HARD), new Dependency("fx-rates", DependencyKind.SOFT))),
                        new Service("ledger", "Ledger", "", "database", 2, Lifecycle.DEPRECATED, null, null, List.of(), List.of(),
                                List.of(new Dependency("fx-rates", DependencyKind.SOFT))),
                        new Service("fx-rates", "0x10", "# not a comment", "service", 4, Lifecycle.EXPERIMENTAL, null, "checkout",
                                List.of("~"), List.of(), List.of())));
    }

    @Test
    void parsingTheExportAndPlanningItAgainstTheSameCatalogChangesNothing() {
        Catalog catalog = richCatalog();

        String yaml = ConfigExporter.export(catalog);
        ParseResult parsed = ConfigParser.parse(List.of(new SourceFile("export.yaml", yaml)));

        assertThat(yaml).doesNotContain("&id", "*id");
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.objects()).hasSize(10);
        Plan plan = Planner.plan(catalog, parsed.objects(), true, null);
        assertThat(plan.render()).isEqualTo("No changes. The catalog matches the files.\n");
        assertThat(plan.ok()).isTrue();
    }

    @Test
    void exportIsOrderedByKindThenName() {
        ParseResult parsed = ConfigParser.parse(List.of(new SourceFile("export.yaml", ConfigExporter.export(richCatalog()))));

        assertThat(parsed.objects()).extracting(object -> object.kind().yamlName() + " " + object.name()).containsExactly(
                "User alice", "User bob", "User zoe", "Team core", "Team payments", "System checkout", "System orphans",
                "Service fx-rates", "Service ledger", "Service payments-api");
    }

    @Test
    void exportIsTheSameEveryTime() {
        assertThat(ConfigExporter.export(richCatalog())).isEqualTo(ConfigExporter.export(richCatalog()));
    }

    @Test
    void exportWritesEveryFieldExplicitly() {
        Catalog catalog = new Catalog(List.of(), List.of(), List.of(), List.of(new Service("ledger", "Ledger", "", "service", 3,
                null, null, null, List.of("money"), List.of(new Link("docs", "Docs", "https://docs.example.com")),
                List.of(new Dependency("rates", DependencyKind.HARD), new Dependency("fx", DependencyKind.SOFT)))));

        assertThat(ConfigExporter.export(catalog)).isEqualTo("""
                ---
                apiVersion: andon.dev/v1
                kind: Service
                metadata:
                  name: ledger
                spec:
                  title: Ledger
                  description: ''
                  type: service
                  tier: 3
                  lifecycle: production
                  owner: null
                  system: null
                  tags:
                    - money
                  links:
                    - type: docs
                      title: Docs
                      url: https://docs.example.com
                  dependsOn:
                    - rates
                    - service: fx
                      kind: soft
                """);
    }

    @Test
    void emptyCatalogExportsNothing() {
        assertThat(ConfigExporter.export(Catalog.empty())).isEmpty();
        assertThat(ConfigParser.parse(List.of(new SourceFile("export.yaml", ""))).objects()).isEmpty();
    }

    // --- checks and heartbeats

    private static Catalog catalogWithChecks() {
        List<Service> services = List.of(new Service("shop", "Shop", "", "service", 1, Lifecycle.PRODUCTION, null, null, List.of(),
                List.of(), List.of()));
        List<Check> checks = List.of(
                new Check("shop-status", "Shop: status \"API\"", "shop", HttpSpec.builder("https://shop.example.com/status?x=1#top")
                        .method("POST").header("Accept", "application/json").body("{\"ping\": true}").expectedStatus("200", "2xx", "301-308")
                        .bodyRegex("^ok$").jsonPath("$.status", "true").headerContains("Content-Type", "json").degradedAfter(Duration.ofMillis(750))
                        .followRedirects(false).verifyTls(false).maxBodyBytes(4096).build(),
                        Duration.ofSeconds(30), Duration.ofSeconds(5), 2, new Thresholds(3, 2), List.of("local", "eu-west", "us-east"),
                        DownRule.parse("2 of 3"), false),
                new Check("shop-db", null, "shop", TcpSpec.of("db.internal", 5432).withSend("PING").withExpect("+PONG"), null, null, 0,
                        null, null, null, true),
                new Check("shop-dns", null, "shop", DnsSpec.expecting("shop.example.com", "A", "10.0.0.1").withResolver("9.9.9.9:53"),
                        Duration.ofMinutes(5), null, 0, null, null, null, false),
                new Check("shop-cert", null, "shop", TlsSpec.of("shop.example.com", 8443).withDays(30, 0).withServerName("www.example.com"),
                        Duration.ofHours(1), null, 0, null, null, null, false),
                new Check("shop-host", null, "shop", PingSpec.of("10.0.0.1").withEchoes(5, Duration.ofMillis(100)).withMaxLossPercent(20)
                        .withDegradedRoundTrip(Duration.ofMillis(50)), null, null, 0, null, null, null, false));
        List<Heartbeat> heartbeats = List.of(
                new Heartbeat("nightly", "Nightly: backup", "shop", HeartbeatSchedule.Cron.of("0 2 * * *", "Europe/Amsterdam",
                        Duration.ofHours(1)), false),
                new Heartbeat("sync", null, "shop", new HeartbeatSchedule.Simple(Duration.ofMinutes(15), Duration.ofMinutes(5)), true));
        return new Catalog(List.of(), List.of(), List.of(), services, checks, heartbeats);
    }

    @Test
    void checksAndHeartbeatsSurviveTheRoundTrip() {
        Catalog catalog = catalogWithChecks();

        String yaml = ConfigExporter.export(catalog);
        ParseResult parsed = ConfigParser.parse(List.of(new SourceFile("export.yaml", yaml)));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.objects()).extracting(object -> object.kind().yamlName() + " " + object.name()).containsExactly(
                "Service shop", "Check shop-cert", "Check shop-db", "Check shop-dns", "Check shop-host", "Check shop-status",
                "Heartbeat nightly", "Heartbeat sync");
        assertThat(parsed.objects()).extracting(ConfigObject::value).containsAll(catalog.checks()).containsAll(catalog.heartbeats());
        assertThat(Planner.plan(catalog, parsed.objects(), true, null).render()).isEqualTo("No changes. The catalog matches the files.\n");
    }

    @Test
    void exportWritesACheckWithEveryFieldAndOnlyTheProbeSettingsThatHaveAValue() {
        Catalog catalog = new Catalog(List.of(), List.of(), List.of(), List.of(), List.of(new Check("home", null, "shop",
                HttpSpec.get("https://shop.example.com/"), null, null, 0, null, null, null, false)), List.of(
                new Heartbeat("nightly", null, "shop", HeartbeatSchedule.Cron.of("0 2 * * *", "UTC", Duration.ofHours(1)), false)));

        assertThat(ConfigExporter.export(catalog)).isEqualTo("""
                ---
                apiVersion: andon.dev/v1
                kind: Check
                metadata:
                  name: home
                spec:
                  title: home
                  service: shop
                  type: http
                  http:
                    url: https://shop.example.com/
                    method: GET
                    expectedStatus:
                      - 200-399
                    followRedirects: true
                    verifyTls: true
                    maxBodyBytes: 1048576
                  interval: 1m
                  timeout: 10s
                  retries: 0
                  failuresToDown: 2
                  successesToUp: 1
                  locations:
                    - local
                  downWhen: any
                  paused: false
                ---
                apiVersion: andon.dev/v1
                kind: Heartbeat
                metadata:
                  name: nightly
                spec:
                  title: nightly
                  service: shop
                  cron: 0 2 * * *
                  timezone: UTC
                  grace: 1h
                  paused: false
                """);
    }
}
