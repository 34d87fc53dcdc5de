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
import dev.andon.probe.HttpSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final User ALICE = new User("alice", "Alice", "alice@example.com", User.Role.ADMIN);
    private static final Team PAYMENTS = new Team("payments", "Payments", "", "#payments", List.of("alice"));

    private static Service service(String slug, int tier, String owner, Dependency... dependencies) {
        return new Service(slug, slug, "", "service", tier, Lifecycle.PRODUCTION, owner, null, List.of(), List.of(), List.of(dependencies));
    }

    private static List<ConfigObject> files(String content) {
        ParseResult result = ConfigParser.parse(List.of(new SourceFile("catalog.yaml", content)));
        assertThat(result.problems()).isEmpty();
        return result.objects();
    }

    private static Catalog catalog(List<User> users, List<Team> teams, List<CatalogSystem> systems, List<Service> services) {
        return new Catalog(users, teams, systems, services);
    }

    @Test
    void newObjectIsCreated() {
        Plan plan = Planner.plan(Catalog.empty(), files("""
                apiVersion: andon.dev/v1
                kind: User
                metadata: {name: alice}
                """), false, null);

        assertThat(plan.changes()).containsExactly(new Change(Action.CREATE, Kind.USER, "alice", List.of()));
        assertThat(plan.ok()).isTrue();
        assertThat(plan.isEmpty()).isFalse();
    }

    @Test
    void equalObjectNeedsNoChange() {
        Catalog current = catalog(List.of(ALICE), List.of(PAYMENTS), List.of(), List.of(service("ledger", 3, "payments")));

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec: {owner: payments}
                """), true, null);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.ok()).isTrue();
        assertThat(plan.render()).isEqualTo("No changes. The catalog matches the files.\n");
    }

    @Test
    void updateListsEveryDifferingFieldByItsYamlName() {
        Service before = new Service("ledger", "Ledger", "Books.", "service", 3, Lifecycle.PRODUCTION, null, null,
                List.of("java"), List.of(), List.of(new Dependency("rates", DependencyKind.HARD)));
        Catalog current = catalog(List.of(), List.of(PAYMENTS), List.of(),
                List.of(before, service("rates", 3, null), service("fx", 3, null)));

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec:
                  title: Ledger
                  description: "Books.\\nAll of them."
                  tier: 1
                  owner: payments
                  tags: [java, money]
                  links: [{type: runbook, url: "https://wiki/ledger"}]
                  dependsOn: [rates, {service: fx, kind: soft}]
                """), false, null);

        assertThat(plan.changes()).containsExactly(new Change(Action.UPDATE, Kind.SERVICE, "ledger", List.of(
                new FieldChange("description", "Books.", "Books.\\nAll of them."),
                new FieldChange("tier", "3", "1"),
                new FieldChange("owner", "(none)", "payments"),
                new FieldChange("tags", "[java]", "[java, money]"),
                new FieldChange("links", "[]", "[runbook \"Runbook\" https://wiki/ledger]"),
                new FieldChange("dependsOn", "[rates]", "[rates, fx (soft)]"))));
    }

    @Test
    void updatesOfTeamsSystemsAndUsersUseTheirYamlFieldNames() {
        Catalog current = catalog(List.of(ALICE, new User("bob", "bob", null, User.Role.MEMBER)), List.of(PAYMENTS),
                List.of(new CatalogSystem("checkout", "Checkout", "", null)), List.of());

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: User
                metadata: {name: alice}
                spec: {displayName: Alice, email: alice@example.com, role: member}
                ---
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: payments}
                spec: {title: Payments, contactChannel: "", members: [alice, bob]}
                ---
                apiVersion: andon.dev/v1
                kind: System
                metadata: {name: checkout}
                spec: {title: Checkout, owner: payments}
                """), false, null);

        assertThat(plan.changes()).extracting(Change::fields).containsExactly(
                List.of(new FieldChange("role", "admin", "member")),
                List.of(new FieldChange("contactChannel", "#payments", "\"\""), new FieldChange("members", "[alice]", "[alice, bob]")),
                List.of(new FieldChange("owner", "(none)", "payments")));
    }

    @Test
    void longValuesAreShortenedInTheRendering() {
        String description = "x".repeat(100);
        Catalog current = catalog(List.of(), List.of(new Team("core", "core", "", "", List.of())), List.of(), List.of());

        Plan plan = Planner.plan(current, files("apiVersion: andon.dev/v1\nkind: Team\nmetadata: {name: core}\nspec: {description: "
                + description + "}\n"), false, null);

        assertThat(plan.changes().getFirst().fields().getFirst().after()).isEqualTo("x".repeat(57) + "...");
    }

    @Test
    void withoutPruneNothingIsDeleted() {
        Catalog current = catalog(List.of(), List.of(PAYMENTS, new Team("old-team", "Old", "", "", List.of())), List.of(), List.of());

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: core}
                """), false, null);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.CREATE);
    }

    @Test
    void pruneDeletesObjectsOfDeclaredKindsThatNoFileNames() {
        Catalog current = catalog(List.of(ALICE), List.of(PAYMENTS, new Team("old-team", "Old", "", "", List.of())), List.of(),
                List.of(service("legacy", 3, null)));

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: payments}
                spec: {title: Payments, contactChannel: "#payments", members: [alice]}
                """), true, null);

        // Users and services are not declared in the files, so they are left alone.
        assertThat(plan.changes()).containsExactly(new Change(Action.DELETE, Kind.TEAM, "old-team", List.of()));
        assertThat(plan.ok()).isTrue();
    }

    @Test
    void pruneNeverDeletesTheProtectedUser() {
        Catalog current = catalog(List.of(ALICE, new User("admin", "Admin", null, User.Role.ADMIN),
                new User("carol", "Carol", null, User.Role.MEMBER)), List.of(), List.of(), List.of());

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: User
                metadata: {name: alice}
                spec: {displayName: Alice, email: alice@example.com, role: admin}
                """), true, "admin");

        assertThat(plan.changes()).containsExactly(new Change(Action.DELETE, Kind.USER, "carol", List.of()));
    }

    @Test
    void changesAreOrderedSoTheyCanBeAppliedInSequence() {
        Catalog current = catalog(List.of(ALICE, new User("zed", "zed", null, User.Role.MEMBER)),
                List.of(PAYMENTS, new Team("old-team", "Old", "", "", List.of())),
                List.of(new CatalogSystem("legacy", "Legacy", "", null)),
                List.of(service("ledger", 3, null), service("zombie", 3, null), service("ancient", 3, null)));

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: payments-api}
                spec: {owner: payments, system: checkout}
                ---
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec: {tier: 1}
                ---
                apiVersion: andon.dev/v1
                kind: System
                metadata: {name: checkout}
                ---
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: payments}
                spec: {title: Payments, contactChannel: "#payments", members: [alice]}
                ---
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: core}
                ---
                apiVersion: andon.dev/v1
                kind: User
                metadata: {name: bob}
                ---
                apiVersion: andon.dev/v1
                kind: User
                metadata: {name: alice}
                spec: {displayName: Alice, email: alice@example.com, role: admin}
                """), true, "alice");

        assertThat(plan.changes()).extracting(change -> change.action() + " " + change.kind() + " " + change.name()).containsExactly(
                "CREATE USER bob",
                "CREATE TEAM core",
                "CREATE SYSTEM checkout",
                "CREATE SERVICE payments-api",
                "UPDATE SERVICE ledger",
                "DELETE SERVICE ancient",
                "DELETE SERVICE zombie",
                "DELETE SYSTEM legacy",
                "DELETE TEAM old-team",
                "DELETE USER zed");
        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void renderShowsCreatesUpdatesAndDeletesWithASummary() {
        Catalog current = catalog(List.of(), List.of(PAYMENTS, new Team("old-team", "Old", "", "", List.of())), List.of(),
                List.of(service("ledger", 3, null)));

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: payments}
                spec: {title: Payments, contactChannel: "#payments", members: [alice]}
                ---
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: payments-api}
                ---
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec: {tier: 1, owner: payments}
                """), true, null);

        assertThat(plan.render()).isEqualTo("""
                + create Service payments-api
                ~ update Service ledger
                    tier: 3 -> 1
                    owner: (none) -> payments
                - delete Team old-team
                Plan: 1 to create, 1 to update, 1 to delete.
                1 problem must be fixed before this plan can be applied:
                  catalog.yaml:4:64: members[0] refers to User 'alice', which does not exist: define a User named alice or fix the name
                """);
    }

    @Test
    void referencesToObjectsThatExistNowhereAreReportedAtTheReferencingField() {
        Plan plan = Planner.plan(catalog(List.of(), List.of(), List.of(), List.of(service("rates", 3, null))), files("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec:
                  owner: payments
                  system: checkout
                  dependsOn: [rates, {service: fx, kind: soft}]
                ---
                apiVersion: andon.dev/v1
                kind: System
                metadata: {name: checkout}
                spec: {owner: core}
                ---
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: core}
                spec:
                  members:
                    - alice
                """), false, null);

        assertThat(plan.ok()).isFalse();
        assertThat(plan.problems()).map(ConfigProblem::toString).containsExactly(
                "catalog.yaml:19:7: members[0] refers to User 'alice', which does not exist: define a User named alice or fix the name",
                "catalog.yaml:5:10: owner refers to Team 'payments', which does not exist: define a Team named payments or fix the name",
                "catalog.yaml:7:22: dependsOn[1] refers to Service 'fx', which does not exist: define a Service named fx or fix the name");
    }

    @Test
    void referenceToAnObjectThePlanPrunesIsReported() {
        Catalog current = catalog(List.of(), List.of(PAYMENTS), List.of(), List.of(service("rates", 3, null)));

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec:
                  owner: payments
                  dependsOn: [rates]
                """), true, null);

        assertThat(plan.changes()).containsExactly(
                new Change(Action.CREATE, Kind.SERVICE, "ledger", List.of()),
                new Change(Action.DELETE, Kind.SERVICE, "rates", List.of()));
        assertThat(plan.problems()).map(ConfigProblem::toString).containsExactly(
                "catalog.yaml:6:15: dependsOn[0] refers to Service 'rates', which this plan deletes because no file defines it: "
                        + "add it to the files or remove the reference");
    }

    @Test
    void deletingAnObjectStillUsedOutsideTheFilesIsReported() {
        Catalog current = catalog(List.of(), List.of(PAYMENTS, new Team("old-team", "Old", "", "", List.of())),
                List.of(new CatalogSystem("legacy", "Legacy", "", "old-team")), List.of(service("billing", 3, "old-team")));

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: payments}
                spec: {title: Payments, contactChannel: "#payments", members: [alice]}
                """), true, null);

        assertThat(plan.problems()).map(ConfigProblem::toString).contains(
                "catalog.yaml:1:1: Team 'old-team' would be deleted because no file defines it, but System 'legacy' still refers "
                        + "to it in owner: add Team 'old-team' to the files or change legacy first",
                "catalog.yaml:1:1: Team 'old-team' would be deleted because no file defines it, but Service 'billing' still refers "
                        + "to it in owner: add Team 'old-team' to the files or change billing first");
    }

    @Test
    void referencesToObjectsThatAlreadyExistAreFine() {
        Catalog current = catalog(List.of(ALICE), List.of(PAYMENTS), List.of(new CatalogSystem("checkout", "Checkout", "", null)),
                List.of(service("rates", 3, null)));

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec: {owner: payments, system: checkout, dependsOn: [rates]}
                """), false, null);

        assertThat(plan.ok()).isTrue();
    }

    @Test
    void planWithOnlyProblemsRendersTheProblems() {
        Plan plan = new Plan(List.of(), List.of(new ConfigProblem("a.yaml", 1, 2, "owner refers to Team 'x'")));

        assertThat(plan.render()).isEqualTo("""
                1 problem must be fixed before this plan can be applied:
                  a.yaml:1:2: owner refers to Team 'x'
                """);
    }

    @Test
    void linksRenderWithTypeTitleAndUrl() {
        assertThat(Planner.render(List.of(new Link("docs", "Guide", "https://docs")))).isEqualTo("[docs \"Guide\" https://docs]");
        assertThat(Planner.render(null)).isEqualTo("(none)");
    }

    // --- checks and heartbeats

    private static final Check HOME = new Check("home", "Home page", "web-shop", HttpSpec.builder("https://shop.example.com/")
            .expectedStatus("200").build(), Duration.ofSeconds(60), Duration.ofSeconds(10), 0, Thresholds.DEFAULT, List.of("local"),
            DownRule.ANY, false);
    private static final Heartbeat BACKUP = new Heartbeat("backup", "backup", "web-shop",
            new HeartbeatSchedule.Simple(Duration.ofHours(1), Duration.ofMinutes(10)), false);

    private static final String HOME_YAML = """
            apiVersion: andon.dev/v1
            kind: Check
            metadata: {name: home}
            spec:
              title: Home page
              service: web-shop
              http:
                url: https://shop.example.com/
                expectedStatus: ["200"]
              interval: 60s
            """;
    private static final String BACKUP_YAML = """
            apiVersion: andon.dev/v1
            kind: Heartbeat
            metadata: {name: backup}
            spec: {service: web-shop, period: 1h, grace: 10m}
            """;

    private static Catalog withChecks(List<Service> services, List<Check> checks, List<Heartbeat> heartbeats) {
        return new Catalog(List.of(), List.of(), List.of(), services, checks, heartbeats);
    }

    @Test
    void checksAndHeartbeatsAreCreatedAfterTheServicesTheyWatch() {
        Plan plan = Planner.plan(Catalog.empty(), files(BACKUP_YAML + "---\n" + HOME_YAML + """
                ---
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: web-shop}
                """), false, null);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.changes()).extracting(change -> change.action() + " " + change.kind() + " " + change.name()).containsExactly(
                "CREATE SERVICE web-shop", "CREATE CHECK home", "CREATE HEARTBEAT backup");
        assertThat(plan.render()).contains("+ create Check home\n+ create Heartbeat backup\n");
    }

    @Test
    void equalCheckAndHeartbeatNeedNoChange() {
        Catalog current = withChecks(List.of(service("web-shop", 1, null)), List.of(HOME), List.of(BACKUP));

        Plan plan = Planner.plan(current, files(HOME_YAML + "---\n" + BACKUP_YAML), true, null);

        assertThat(plan.render()).isEqualTo("No changes. The catalog matches the files.\n");
    }

    @Test
    void checkUpdateShowsEachChangedSettingOnItsOwnLine() {
        Catalog current = withChecks(List.of(service("web-shop", 1, null)), List.of(HOME), List.of(BACKUP));

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Check
                metadata: {name: home}
                spec:
                  title: Home page
                  service: web-shop
                  http:
                    url: https://shop.example.com/health
                    expectedStatus: ["200", "204"]
                    bodyContains: ok
                  interval: 30s
                  locations: [local, eu-west]
                ---
                apiVersion: andon.dev/v1
                kind: Heartbeat
                metadata: {name: backup}
                spec: {service: web-shop, cron: "0 2 * * *", grace: 10m}
                """), false, null);

        assertThat(plan.render()).isEqualTo("""
                ~ update Check home
                    http.url: https://shop.example.com/ -> https://shop.example.com/health
                    http.expectedStatus: [200] -> [200, 204]
                    http.bodyContains: (none) -> ok
                    interval: 1m -> 30s
                    locations: [local] -> [local, eu-west]
                ~ update Heartbeat backup
                    cron: (none) -> 0 2 * * *
                    timezone: (none) -> UTC
                    period: 1h -> (none)
                Plan: 0 to create, 2 to update, 0 to delete.
                """);
    }

    @Test
    void aCheckThatChangesTypeListsTheOldSettingsAsGone() {
        Catalog current = withChecks(List.of(service("web-shop", 1, null)), List.of(HOME), List.of());

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Check
                metadata: {name: home}
                spec: {title: Home page, service: web-shop, tcp: {host: shop.example.com, port: 443}}
                """), false, null);

        assertThat(plan.changes().getFirst().fields()).extracting(FieldChange::field)
                .containsExactly("type", "tcp.host", "tcp.port", "http.url", "http.method", "http.expectedStatus",
                        "http.followRedirects", "http.verifyTls", "http.maxBodyBytes");
        assertThat(plan.changes().getFirst().fields().getFirst()).isEqualTo(new FieldChange("type", "http", "tcp"));
    }

    @Test
    void checkWatchingAMissingServiceIsReportedAtItsServiceField() {
        Plan plan = Planner.plan(Catalog.empty(), files(HOME_YAML + "---\n" + BACKUP_YAML), false, null);

        assertThat(plan.problems()).map(ConfigProblem::toString).containsExactly(
                "catalog.yaml:6:12: service refers to Service 'web-shop', which does not exist: define a Service named web-shop or fix the name",
                "catalog.yaml:15:17: service refers to Service 'web-shop', which does not exist: define a Service named web-shop or fix the name");
    }

    @Test
    void pruneDeletesChecksBeforeTheServicesTheyWatch() {
        Check old = new Check("old-home", "old-home", "old-shop", HttpSpec.get("https://old.example.com/"), null, null, 0, null, null,
                null, false);
        Catalog current = withChecks(List.of(service("web-shop", 1, null), service("old-shop", 1, null)), List.of(HOME, old),
                List.of(BACKUP, new Heartbeat("old-job", null, "old-shop", new HeartbeatSchedule.Simple(Duration.ofHours(1),
                        Duration.ofHours(1)), false)));

        Plan plan = Planner.plan(current, files(HOME_YAML + "---\n" + BACKUP_YAML + """
                ---
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: web-shop}
                spec: {tier: 1}
                """), true, null);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.changes()).extracting(change -> change.action() + " " + change.kind() + " " + change.name()).containsExactly(
                "DELETE CHECK old-home", "DELETE HEARTBEAT old-job", "DELETE SERVICE old-shop");
    }

    @Test
    void pruneLeavesChecksAloneWhenTheFilesDeclareNone() {
        Catalog current = withChecks(List.of(service("web-shop", 1, null)), List.of(HOME), List.of(BACKUP));

        Plan plan = Planner.plan(current, files(HOME_YAML), true, null);

        // Checks are declared, heartbeats are not: the heartbeat stays.
        assertThat(plan.isEmpty()).isTrue();
        assertThat(Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: web-shop}
                spec: {tier: 1}
                """), true, null).isEmpty()).isTrue();
    }

    @Test
    void pruningAServiceAnUndeclaredCheckStillWatchesIsReported() {
        Catalog current = withChecks(List.of(service("web-shop", 1, null), service("ledger", 3, null)), List.of(HOME), List.of());

        Plan plan = Planner.plan(current, files("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                """), true, null);

        assertThat(plan.problems()).map(ConfigProblem::toString).containsExactly(
                "catalog.yaml:1:1: Service 'web-shop' would be deleted because no file defines it, but Check 'home' still refers to it "
                        + "in service: add Service 'web-shop' to the files or change home first");
    }
}
