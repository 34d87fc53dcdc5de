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
}
