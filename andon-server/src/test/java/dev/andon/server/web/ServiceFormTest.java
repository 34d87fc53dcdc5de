package dev.andon.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.catalog.Dependency;
import dev.andon.catalog.DependencyKind;
import dev.andon.catalog.Lifecycle;
import dev.andon.catalog.Link;
import dev.andon.catalog.Service;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The form's text fields become a service, and every problem lands on the field that caused it. */
class ServiceFormTest {

    private static ServiceForm form(String slug, String name, String tier, String runbook, String dashboards, String dependsOn) {
        return new ServiceForm(slug, name, "", "service", tier, "production", "", "", "pci, payments, pci", "", runbook, "",
                dashboards, dependsOn);
    }

    @Test
    void parsesLinksDashboardsDependenciesAndTags() {
        FormErrors errors = FormErrors.none();
        Service service = form("", "Payments API", "1", "https://runbooks.example.com/p",
                "Latency | https://grafana.example.com/d/1\nhttps://grafana.example.com/d/2", "db\ncache soft\n\n").toService(null, null, errors);

        assertThat(errors.any()).isFalse();
        assertThat(service.slug()).isEqualTo("payments-api");
        assertThat(service.tier()).isEqualTo(1);
        assertThat(service.tags()).containsExactly("pci", "payments");
        assertThat(service.link("runbook").url()).isEqualTo("https://runbooks.example.com/p");
        assertThat(service.links()).filteredOn(link -> link.type().equals("dashboard")).extracting(Link::title)
                .containsExactly("Latency", "Dashboard");
        assertThat(service.dependencies()).containsExactly(new Dependency("db", DependencyKind.HARD), new Dependency("cache", DependencyKind.SOFT));
    }

    @Test
    void putsEachProblemOnItsField() {
        FormErrors errors = FormErrors.none();
        Service service = form("Not A Slug", "", "7", "ftp://x", "", "db maybe").toService(null, null, errors);

        assertThat(service).isNull();
        assertThat(errors.has("tier")).isTrue();
        assertThat(errors.has("dependsOn")).isTrue();

        FormErrors ruleErrors = FormErrors.none();
        form("Not A Slug", "", "2", "ftp://x", "", "self").toService(null, null, ruleErrors);
        assertThat(ruleErrors.all().keySet()).contains("slug", "name", "runbook");
    }

    @Test
    void keepsLinksTheFormHasNoFieldFor() {
        Service existing = new Service("api", "API", "", "service", 2, Lifecycle.PRODUCTION, null, null, List.of(),
                List.of(new Link("runbook", "On-call guide", "https://r.example.com"), new Link("other", "Status page", "https://s.example.com")),
                List.of());
        FormErrors errors = FormErrors.none();

        Service edited = ServiceForm.of(existing).toService("api", existing, errors);

        assertThat(errors.any()).isFalse();
        assertThat(edited.links()).containsExactlyInAnyOrderElementsOf(existing.links());
    }
}
