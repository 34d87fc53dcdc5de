package dev.andon.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogRulesTest {

    @Test
    void aValidServiceHasNoProblems() {
        Service service = new Service("payments-api", "Payments API", "", "service", 1, Lifecycle.PRODUCTION, "payments", null,
                List.of("pci"), List.of(new Link("runbook", null, "https://runbooks.example/p")), List.of(new Dependency("db", null)));
        assertThat(CatalogRules.check(service)).isEmpty();
        assertThat(service.link("runbook").title()).isEqualTo("Runbook");
        assertThat(service.dependencies().getFirst().kind()).isEqualTo(DependencyKind.HARD);
    }

    @Test
    void everyProblemNamesItsField() {
        Service service = new Service("Bad_Slug", " ", "", "service", 7, null, "Not A Team", null, List.of(""),
                List.of(new Link("wiki", null, "ftp://x")), List.of(new Dependency("Bad_Slug", null), new Dependency("db", null), new Dependency("db", null)));
        assertThat(CatalogRules.check(service)).extracting(CatalogRules.Problem::field)
                .containsExactly("slug", "name", "tier", "owner", "tags[0]", "links[0].url", "links[0].type", "dependsOn[0]", "dependsOn[2]");
        assertThatThrownBy(() -> CatalogRules.require(CatalogRules.check(service)))
                .isInstanceOf(CatalogException.class).hasMessageContaining("tier: must be 1, 2, 3 or 4");
    }

    @Test
    void aServiceCannotDependOnItself() {
        Service service = new Service("loop", "Loop", "", null, 3, null, null, null, null, null, List.of(new Dependency("loop", null)));
        assertThat(CatalogRules.check(service)).extracting(CatalogRules.Problem::message).containsExactly("a service cannot depend on itself");
    }

    @Test
    void slugsAreLowerCaseWordsWithDashes() {
        assertThat(Slug.isValid("payments-api")).isTrue();
        assertThat(Slug.isValid("a")).isTrue();
        assertThat(Slug.isValid("-leading")).isFalse();
        assertThat(Slug.isValid("x".repeat(64))).isFalse();
        assertThat(Slug.from("Payments API (EU)")).isEqualTo("payments-api-eu");
        assertThat(CatalogRules.check(new User("bob", null, "not-an-email", null))).extracting(CatalogRules.Problem::field).containsExactly("email");
    }
}
