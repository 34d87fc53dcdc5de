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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BackstageImporterTest {

    private static SourceFile resource(String name) throws IOException {
        try (InputStream in = BackstageImporterTest.class.getResourceAsStream("/config/" + name)) {
            return new SourceFile(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static ParseResult convert(String content) {
        return BackstageImporter.convert(List.of(new SourceFile("catalog-info.yaml", content)));
    }

    private static Map<String, Object> byName(ParseResult result) {
        return result.objects().stream().collect(Collectors.toMap(
                object -> object.kind().yamlName() + " " + object.name(), ConfigObject::value, (first, second) -> first));
    }

    @Test
    void convertsARealisticCatalog() throws IOException {
        ParseResult result = BackstageImporter.convert(List.of(resource("catalog-info.yaml")));

        assertThat(result.problems()).isEmpty();
        assertThat(result.objects()).extracting(object -> object.kind().yamlName() + " " + object.name()).containsExactly(
                "Team payments", "Team platform-core", "User bob", "System checkout",
                "Service payments-api", "Service ledger", "Service checkout-web", "Service payments-db");
        Map<String, Object> objects = byName(result);
        assertThat(objects.get("Team payments")).isEqualTo(new Team("payments", "Payments Team", "Owns checkout and the ledger.",
                "payments@example.com", List.of("alice", "bob")));
        assertThat(objects.get("Team platform-core")).isEqualTo(new Team("platform-core", "Platform Core", "", "", List.of("bob")));
        assertThat(objects.get("User bob")).isEqualTo(new User("bob", "Bob Builder", "bob@example.com", User.Role.MEMBER));
        assertThat(objects.get("System checkout"))
                .isEqualTo(new CatalogSystem("checkout", "Checkout", "Everything between cart and receipt.", "payments"));
        assertThat(objects.get("Service payments-api")).isEqualTo(new Service("payments-api", "Payments API",
                "Takes card and wallet payments.", "service", 3, Lifecycle.PRODUCTION, "payments", "checkout", List.of("java", "pci"),
                List.of(new Link("runbook", "On-call runbook", "https://wiki.example.com/payments/runbook"),
                        new Link("repository", "Source", "https://github.com/example/payments-api"),
                        new Link("dashboard", "Payments overview", "https://grafana.example.com/d/payments"),
                        new Link("docs", "API reference", "https://payments.docs.example.com"),
                        new Link("other", "Status page", "https://status.example.com")),
                List.of(new Dependency("ledger", DependencyKind.HARD), new Dependency("payments-db", DependencyKind.HARD))));
        assertThat(objects.get("Service ledger")).isEqualTo(new Service("ledger", "ledger", "", "service", 3,
                Lifecycle.EXPERIMENTAL, "platform-core", "checkout", List.of(), List.of(), List.of()));
        assertThat(objects.get("Service checkout-web")).isEqualTo(new Service("checkout-web", "checkout-web", "The checkout pages.",
                "website", 3, Lifecycle.DEPRECATED, null, null, List.of(), List.of(),
                List.of(new Dependency("payments-api", DependencyKind.HARD))));
        assertThat(objects.get("Service payments-db")).isEqualTo(new Service("payments-db", "payments-db",
                "PostgreSQL cluster of the payments API.", "database", 3, Lifecycle.PRODUCTION, "payments", "checkout",
                List.of(), List.of(), List.of()));
    }

    @Test
    void planOfTheImportPointsMissingReferencesAtTheBackstageFile() throws IOException {
        ParseResult result = BackstageImporter.convert(List.of(resource("catalog-info.yaml")));

        Plan plan = Planner.plan(Catalog.empty(), result.objects(), false, null);

        assertThat(plan.changes()).hasSize(8).allMatch(change -> change.action() == Action.CREATE);
        assertThat(plan.problems()).map(ConfigProblem::toString).containsExactly(
                "catalog-info.yaml:13:13: members[0] refers to User 'alice', which does not exist: define a User named alice or fix the name");
    }

    @Test
    void membershipWrittenOnTheUserPointsAtTheUsersMemberOf() throws IOException {
        ConfigObject team = BackstageImporter.convert(List.of(resource("catalog-info.yaml"))).objects().get(1);

        assertThat(team.locate("members[0]")).isEqualTo(new Location("catalog-info.yaml", 32, 38));
    }

    @Test
    void unknownLifecycleIsAProblemAtTheLifecycle() {
        ParseResult result = convert("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: ledger}
                spec:
                  type: service
                  lifecycle: beta
                  owner: payments
                """);

        assertThat(result.problems()).map(ConfigProblem::toString)
                .containsExactly("catalog-info.yaml:6:14: lifecycle 'beta' is unknown: use experimental, production or deprecated");
    }

    @Test
    void documentsThatAreNotBackstageEntitiesAreReported() {
        ParseResult result = convert("""
                apiVersion: andon.dev/v1
                kind: Service
                metadata: {name: ledger}
                ---
                - just a list
                ---
                apiVersion: backstage.io/v1alpha1
                metadata: {name: ledger}
                """);

        assertThat(result.objects()).isEmpty();
        assertThat(result.problems()).map(ConfigProblem::toString).containsExactly(
                "catalog-info.yaml:1:1: not a Backstage entity: a document needs 'apiVersion: backstage.io/v1alpha1' (or v1beta1), "
                        + "kind and metadata; remove it from the import or fix it",
                "catalog-info.yaml:5:1: not a Backstage entity: a document needs 'apiVersion: backstage.io/v1alpha1' (or v1beta1), "
                        + "kind and metadata; remove it from the import or fix it",
                "catalog-info.yaml:7:1: kind is missing: add 'kind:' such as Component, Resource, System, Group or User");
    }

    @Test
    void unsupportedKindsAreSkippedWithoutProblems() {
        ParseResult result = convert("""
                apiVersion: backstage.io/v1alpha1
                kind: Domain
                metadata: {name: commerce}
                spec: {owner: payments}
                ---
                apiVersion: scaffolder.backstage.io/v1beta3
                kind: Template
                metadata: {name: new-service}
                """);

        assertThat(result.objects()).isEmpty();
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void namesThatAreNotSlugsAreTurnedIntoSlugsEverywhere() {
        ParseResult result = convert("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: Payments_API}
                spec:
                  type: service
                  lifecycle: production
                  owner: group:default/Payments.Team
                  dependsOn: [resource:default/Payments_DB]
                """);

        assertThat(result.problems()).isEmpty();
        Service service = (Service) result.objects().getFirst().value();
        assertThat(service.slug()).isEqualTo("payments-api");
        assertThat(service.name()).isEqualTo("Payments_API");
        assertThat(service.ownerTeam()).isEqualTo("payments-team");
        assertThat(service.dependencies()).containsExactly(new Dependency("payments-db", DependencyKind.HARD));
    }

    @Test
    void entityReferencesLoseTheirKindAndNamespace() {
        Function<String, String> name = text -> BackstageImporter.reference(text).name();

        assertThat(name.apply("component:default/payments")).isEqualTo("payments");
        assertThat(name.apply("resource:payments-db")).isEqualTo("payments-db");
        assertThat(name.apply("group:payments")).isEqualTo("payments");
        assertThat(name.apply("user:default/alice")).isEqualTo("alice");
        assertThat(name.apply("payments")).isEqualTo("payments");
        assertThat(BackstageImporter.reference("user:default/alice").kind()).isEqualTo("user");
        assertThat(BackstageImporter.reference("payments").kind()).isNull();
    }

    @Test
    void linkTypesAreTakenFromTheLinkOrGuessed() {
        assertThat(BackstageImporter.linkType("dashboard", "Anything", "https://x", null)).isEqualTo("dashboard");
        assertThat(BackstageImporter.linkType(null, "Runbook", "https://x", null)).isEqualTo("runbook");
        assertThat(BackstageImporter.linkType(null, "Guide", "https://backstage.example.com/docs/default/component/x", null))
                .isEqualTo("docs");
        assertThat(BackstageImporter.linkType(null, "Code", "https://gitlab.com/x", null)).isEqualTo("repository");
        assertThat(BackstageImporter.linkType(null, "Code", "https://bitbucket.org/x", null)).isEqualTo("repository");
        assertThat(BackstageImporter.linkType("admin", "Metrics", "https://grafana.example.com", null)).isEqualTo("dashboard");
        assertThat(BackstageImporter.linkType(null, "Metrics", "https://metrics.example.com", "dashboard")).isEqualTo("dashboard");
        assertThat(BackstageImporter.linkType(null, "Home", "https://example.com", null)).isEqualTo("other");
    }

    @Test
    void linkWithoutUrlIsReported() {
        ParseResult result = convert("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: ledger
                  links:
                    - title: Docs
                spec: {type: service, lifecycle: production, owner: payments}
                """);

        assertThat(result.problems()).map(ConfigProblem::toString).containsExactly(
                "catalog-info.yaml:6:7: metadata.links entry has no url: add 'url: https://...' or remove the link");
    }

    @Test
    void entitiesThatBecomeTheSameServiceAreReportedAsDuplicates() {
        ParseResult result = convert("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: payments}
                spec: {type: service, lifecycle: production, owner: payments}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Resource
                metadata: {name: payments}
                spec: {type: database, owner: payments}
                """);

        assertThat(result.objects()).hasSize(1);
        assertThat(result.problems()).map(ConfigProblem::toString).containsExactly(
                "catalog-info.yaml:8:18: Service 'payments' is defined twice (first at catalog-info.yaml:3:18): "
                        + "remove one or give it another name");
    }

    @Test
    void invalidYamlInABackstageFileIsReported() {
        assertThat(convert("kind: [Component\n").problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).startsWith("invalid YAML:"));
    }
}
