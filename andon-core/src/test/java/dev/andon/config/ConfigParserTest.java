package dev.andon.config;

import static org.assertj.core.api.Assertions.assertThat;

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

class ConfigParserTest {

    private static ParseResult parse(String content) {
        return ConfigParser.parse(List.of(new SourceFile("catalog.yaml", content)));
    }

    private static List<String> problems(String content) {
        return parse(content).problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void readsEveryKindWithAllFields() {
        ParseResult result = parse("""
                apiVersion: andon.dev/v1
                kind: User
                metadata: {name: alice}
                spec:
                  displayName: Alice Liddell
                  email: alice@example.com
                  role: admin
                ---
                apiVersion: andon.dev/v1
                kind: Team
                metadata:
                  name: payments
                spec:
                  title: Payments
                  description: Moves the money.
                  contactChannel: "#payments-oncall"
                  members: [alice]
                ---
                apiVersion: andon.dev/v1
                kind: System
                metadata:
                  name: checkout
                spec:
                  title: Checkout
                  description: Everything between cart and receipt.
                  owner: payments
                ---
                apiVersion: andon.dev/v1
                kind: Service
                metadata:
                  name: payments-api
                spec:
                  title: Payments API
                  description: Takes payments.
                  type: api
                  tier: 1
                  lifecycle: experimental
                  owner: payments
                  system: checkout
                  tags: [java, pci]
                  links:
                    - type: runbook
                      title: On-call runbook
                      url: https://wiki.example.com/payments
                    - url: https://github.com/example/payments-api
                  dependsOn:
                    - ledger
                    - service: fx-rates
                      kind: soft
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(result.objects()).extracting(ConfigObject::kind)
                .containsExactly(Kind.USER, Kind.TEAM, Kind.SYSTEM, Kind.SERVICE);
        assertThat(result.objects().get(0).value())
                .isEqualTo(new User("alice", "Alice Liddell", "alice@example.com", User.Role.ADMIN));
        assertThat(result.objects().get(1).value())
                .isEqualTo(new Team("payments", "Payments", "Moves the money.", "#payments-oncall", List.of("alice")));
        assertThat(result.objects().get(2).value())
                .isEqualTo(new CatalogSystem("checkout", "Checkout", "Everything between cart and receipt.", "payments"));
        assertThat(result.objects().get(3).value()).isEqualTo(new Service("payments-api", "Payments API", "Takes payments.",
                "api", 1, Lifecycle.EXPERIMENTAL, "payments", "checkout", List.of("java", "pci"),
                List.of(new Link("runbook", "On-call runbook", "https://wiki.example.com/payments"),
                        new Link("other", null, "https://github.com/example/payments-api")),
                List.of(new Dependency("ledger", DependencyKind.HARD), new Dependency("fx-rates", DependencyKind.SOFT))));
    }

    @Test
    void absentFieldsTakeTheirDefaults() {
        ParseResult result = parse("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                ---
                apiVersion: andon.dev/v1
                kind: User
                metadata: {name: bob}
                spec: {}
                ---
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: core}
                spec:
                  description:
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.objects().get(0).value()).isEqualTo(new Service("ledger", "ledger", "", "service", 3,
                Lifecycle.PRODUCTION, null, null, List.of(), List.of(), List.of()));
        assertThat(result.objects().get(1).value()).isEqualTo(new User("bob", "bob", null, User.Role.MEMBER));
        assertThat(result.objects().get(2).value()).isEqualTo(new Team("core", "core", "", "", List.of()));
    }

    @Test
    void objectsRememberWhereEachFieldIs() {
        ConfigObject service = parse("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata:
                  name: ledger
                spec:
                  owner: payments
                  links:
                    - url: https://example.com
                  dependsOn: [fx-rates, {service: rates, kind: soft}]
                """).objects().getFirst();

        assertThat(service.location()).isEqualTo(new Location("catalog.yaml", 1, 1));
        assertThat(service.fieldLocations().get("metadata.name")).isEqualTo(new Location("catalog.yaml", 4, 9));
        assertThat(service.fieldLocations().get("owner")).isEqualTo(new Location("catalog.yaml", 6, 10));
        assertThat(service.fieldLocations().get("links[0].url")).isEqualTo(new Location("catalog.yaml", 8, 12));
        assertThat(service.fieldLocations().get("dependsOn[0]")).isEqualTo(new Location("catalog.yaml", 9, 15));
        assertThat(service.fieldLocations().get("dependsOn[1]")).isEqualTo(new Location("catalog.yaml", 9, 25));
        assertThat(service.locate("links[0].title")).isEqualTo(new Location("catalog.yaml", 8, 7));
        assertThat(service.locate("tier")).isEqualTo(service.location());
    }

    @Test
    void unknownFieldIsReportedWithLineAndColumn() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata:
                  name: ledger
                spec:
                  tier: 2
                  ownr: payments
                """)).containsExactly("catalog.yaml:7:3: unknown field 'ownr' in spec: allowed fields are title, description, "
                + "type, tier, lifecycle, owner, system, tags, links, dependsOn, escalationPolicy");
    }

    @Test
    void unknownFieldWithWrongCaseSuggestsTheRightOne() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec:
                  dependson: [rates]
                """)).singleElement().asString()
                .startsWith("catalog.yaml:5:3: unknown field 'dependson' in spec: did you mean 'dependsOn'?");
    }

    @Test
    void unknownFieldsAreReportedAtEveryLevel() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger, labels: x}
                spec:
                  links:
                    - url: https://example.com
                      icon: book
                  dependsOn:
                    - service: rates
                      strength: soft
                status: ok
                """)).containsExactly(
                "catalog.yaml:11:1: unknown field 'status' in the document: allowed fields are apiVersion, kind, metadata, spec",
                "catalog.yaml:3:26: unknown field 'labels' in metadata: allowed fields are name",
                "catalog.yaml:7:7: unknown field 'icon' in links[0]: allowed fields are type, title, url",
                "catalog.yaml:10:7: unknown field 'strength' in dependsOn[0]: allowed fields are service, kind");
    }

    @Test
    void wrongTypeOfTierSaysWhatIsExpected() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec:
                  tier: high
                """)).containsExactly("catalog.yaml:5:9: tier must be an integer 1-4 (1 is the most critical), not 'high'");
    }

    @Test
    void tierOutOfRangeIsReportedByTheCatalogRulesAtTheTier() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec:
                  tier: 7
                """)).containsExactly("catalog.yaml:5:9: tier must be 1, 2, 3 or 4 (1 is the most critical), not 7");
    }

    @Test
    void catalogRuleProblemsPointAtTheOffendingListItems() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec:
                  links:
                    - url: https://example.com
                    - url: ftp://example.com
                      type: wiki
                  dependsOn: [rates, ledger, rates]
                ---
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: core}
                spec:
                  members: [alice, bob, alice]
                """)).containsExactly(
                "catalog.yaml:7:12: links[1].url: 'ftp://example.com' must be an http or https URL",
                "catalog.yaml:8:13: links[1].type: unknown link type 'wiki': use one of [docs, runbook, repository, dashboard, other]",
                "catalog.yaml:9:22: dependsOn[1]: a service cannot depend on itself",
                "catalog.yaml:9:30: dependsOn[2]: 'rates' is listed twice",
                "catalog.yaml:15:25: members[2]: 'alice' is listed twice");
    }

    @Test
    void emptyTitleIsRequired() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: System
                metadata: {name: checkout}
                spec:
                  title: ""
                """)).containsExactly("catalog.yaml:5:10: title is required");
    }

    @Test
    void invalidEmailIsReportedAtTheEmail() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: User
                metadata: {name: alice}
                spec: {email: not-an-address}
                """)).containsExactly("catalog.yaml:4:15: email: 'not-an-address' is not an email address");
    }

    @Test
    void unknownWordsOfFixedSetsListTheAllowedWords() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec:
                  lifecycle: beta
                  dependsOn:
                    - {service: rates, kind: weak}
                ---
                apiVersion: andon.dev/v1
                kind: User
                metadata: {name: alice}
                spec: {role: owner}
                """)).containsExactly(
                "catalog.yaml:7:30: dependsOn[0].kind 'weak' is unknown: use hard or soft",
                "catalog.yaml:5:14: lifecycle 'beta' is unknown: use experimental, production or deprecated",
                "catalog.yaml:12:14: role: 'owner' is not a role: use admin or member");
    }

    @Test
    void wrongShapesAreReportedWhereTheyAre() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec:
                  title: [a, b]
                  tags: java
                  links:
                    - https://example.com
                    - title: Docs
                  dependsOn:
                    - [rates]
                    - kind: soft
                """)).containsExactly(
                "catalog.yaml:8:7: links[0] must be a mapping of fields (name: value)",
                "catalog.yaml:9:7: links[1].url is required: add 'url: https://...'",
                "catalog.yaml:11:7: dependsOn[0] must be a service name or a mapping with service and kind (hard or soft)",
                "catalog.yaml:12:7: dependsOn[1].service is required: add 'service: <service name>'",
                "catalog.yaml:5:10: title must be a text value, not a list",
                "catalog.yaml:6:9: tags must be a list (one '- item' per line or [a, b]), not 'java'");
    }

    @Test
    void invalidReferenceNamesAreReportedAsSlugProblems() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec:
                  owner: Payments Team
                  system: checkout
                  dependsOn: [Rates]
                """)).containsExactly(
                "catalog.yaml:7:15: dependsOn[0]: 'Rates' is not a valid slug: use 1-63 lower-case letters, digits and dashes, "
                        + "starting and ending with a letter or digit",
                "catalog.yaml:5:10: owner: 'Payments Team' is not a valid slug: use 1-63 lower-case letters, digits and dashes, "
                        + "starting and ending with a letter or digit");
    }

    @Test
    void invalidYamlSyntaxIsReportedAtTheMarkOfTheError() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec:
                  title: a: b
                """)).singleElement().asString()
                .startsWith("catalog.yaml:5:11: invalid YAML: mapping values are not allowed here")
                .endsWith(". Fix the syntax here: check indentation, quotes and brackets");
    }

    @Test
    void documentsBeforeASyntaxErrorAreStillRead() {
        ParseResult result = parse("""
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: core}
                ---
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger
                spec: {}
                """);

        assertThat(result.objects()).extracting(ConfigObject::name).containsExactly("core");
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(8);
            assertThat(problem.message()).startsWith("invalid YAML:");
        });
    }

    @Test
    void forbiddenCharactersAreReportedWithTheirPosition() {
        assertThat(problems("kind: Team\nmetadata: {name: \u0001}\n"))
                .containsExactly("catalog.yaml:2:18: invalid YAML: character U+0001 is not allowed: remove it");
    }

    @Test
    void documentThatIsNotAMappingIsReported() {
        assertThat(problems("""
                ---
                - apiVersion: andon.dev/v1
                """)).containsExactly("catalog.yaml:2:1: a document must be a mapping with apiVersion, kind, metadata and spec");
    }

    @Test
    void emptyDocumentsAndCommentsAreIgnored() {
        ParseResult result = parse("""
                # The platform team's services.
                ---
                ---
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: core}
                ---
                # nothing here yet
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.objects()).hasSize(1);
    }

    @Test
    void missingApiVersionIsReportedAndTheRestStillChecked() {
        assertThat(problems("""
                kind: Team
                metadata: {name: core}
                spec: {colour: blue}
                """)).containsExactly(
                "catalog.yaml:1:1: apiVersion is missing: add 'apiVersion: andon.dev/v1'",
                "catalog.yaml:3:8: unknown field 'colour' in spec: allowed fields are title, description, contactChannel, members");
    }

    @Test
    void wrongApiVersionIsReportedAlone() {
        assertThat(problems("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: ledger}
                spec: {type: service, owner: payments}
                """)).containsExactly("catalog.yaml:1:13: apiVersion 'backstage.io/v1alpha1' is not supported: "
                + "use andon.dev/v1 (convert Backstage files with the Backstage import)");
    }

    @Test
    void unknownKindListsTheKnownOnes() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: Component
                metadata: {name: ledger}
                ---
                apiVersion: andon.dev/v1
                metadata: {name: ledger}
                """)).containsExactly(
                "catalog.yaml:2:7: unknown kind 'Component': use one of User, Team, Schedule, EscalationPolicy, System, Service, Check, Heartbeat, Integration, MaintenanceWindow",
                "catalog.yaml:5:1: kind is missing: add 'kind:' with one of User, Team, Schedule, EscalationPolicy, System, Service, Check, Heartbeat, Integration, MaintenanceWindow");
    }

    @Test
    void missingNameIsReported() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: Team
                spec: {title: Core}
                ---
                apiVersion: andon.dev/v1
                kind: Team
                metadata:
                  title: Core
                """)).containsExactly(
                "catalog.yaml:1:1: metadata.name is missing: add 'metadata:' with 'name: <slug>'",
                "catalog.yaml:8:3: unknown field 'title' in metadata: allowed fields are name",
                "catalog.yaml:8:3: metadata.name is missing: add 'name: <slug>' under metadata");
    }

    @Test
    void invalidNameIsReportedOnceAndTheObjectIsLeftOut() {
        ParseResult result = parse("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: Payments API}
                spec: {tier: 9}
                """);

        assertThat(result.objects()).isEmpty();
        assertThat(result.problems()).map(ConfigProblem::toString).containsExactly(
                "catalog.yaml:3:18: metadata.name: 'Payments API' is not a valid slug: use 1-63 lower-case letters, digits "
                        + "and dashes, starting and ending with a letter or digit",
                "catalog.yaml:4:14: tier must be 1, 2, 3 or 4 (1 is the most critical), not 9");
    }

    @Test
    void sameKindAndNameTwiceSaysWhereTheFirstIs() {
        ParseResult result = ConfigParser.parse(List.of(
                new SourceFile("teams.yaml", "apiVersion: andon.dev/v1\nkind: Team\nmetadata: {name: core}\n"),
                new SourceFile("more/teams.yaml", "\napiVersion: andon.dev/v1\nkind: Team\nmetadata:\n  name: core\n"
                        + "---\napiVersion: andon.dev/v1\nkind: Service\nmetadata: {name: core}\n")));

        assertThat(result.objects()).extracting(ConfigObject::kind).containsExactly(Kind.TEAM, Kind.SERVICE);
        assertThat(result.problems()).map(ConfigProblem::toString).containsExactly(
                "more/teams.yaml:5:9: Team 'core' is defined twice (first at teams.yaml:3:18): remove one or give it another name");
    }

    @Test
    void fieldGivenTwiceIsReported() {
        assertThat(problems("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                spec:
                  tier: 1
                  tier: 2
                """)).containsExactly("catalog.yaml:6:3: field 'tier' is given twice (first at line 5): keep only one");
    }

    @Test
    void everyProblemOfEveryFileIsCollected() {
        ParseResult result = ConfigParser.parse(List.of(
                new SourceFile("a.yaml", "apiVersion: andon.dev/v1\nkind: Service\nmetadata: {name: a}\nspec: {tier: x, colour: red}\n"),
                new SourceFile("b.yaml", "kind: Gadget\n"),
                new SourceFile("c.yaml", "a: [\n")));

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).extracting(ConfigProblem::file)
                .containsExactly("a.yaml", "a.yaml", "b.yaml", "b.yaml", "c.yaml");
    }

    @Test
    void numbersAndBooleansAreReadAsTextWhereTextIsExpected() {
        ConfigObject team = parse("""
                apiVersion: andon.dev/v1
                kind: Team
                metadata: {name: "2048"}
                spec: {title: 2048, description: true}
                """).objects().getFirst();

        assertThat(team.value()).isEqualTo(new Team("2048", "2048", "true", "", List.of()));
    }

    @Test
    void problemPrintsAsFileLineColumnMessage() {
        assertThat(new ConfigProblem("a.yaml", 3, 7, "tier must be an integer 1-4")).hasToString("a.yaml:3:7: tier must be an integer 1-4");
    }

    @Test
    void kindsAreFoundByTheirYamlName() {
        assertThat(Kind.fromYaml("Service")).isEqualTo(Kind.SERVICE);
        assertThat(Kind.fromYaml("service")).isNull();
        assertThat(Kind.TEAM.yamlName()).isEqualTo("Team");
    }
}
