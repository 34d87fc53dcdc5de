package dev.andon.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.CatalogRepository;
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

/** What every CatalogRepository must do; run against each implementation on its real storage. */
abstract class CatalogRepositoryContract {
    protected abstract CatalogRepository repository();

    private Service service(String slug, String owner, List<Dependency> dependencies) {
        return new Service(slug, slug.toUpperCase(), "about " + slug, "service", 2, Lifecycle.PRODUCTION, owner, null,
                List.of("a", "b"), List.of(new Link("runbook", null, "https://runbooks.example/" + slug)), dependencies);
    }

    @Test
    void savedObjectsReadBackEqual() {
        CatalogRepository repository = repository();
        repository.saveUser(new User("alice", "Alice", "alice@example.com", User.Role.MEMBER));
        repository.saveTeam(new Team("core", "Core", "the core team", "#core", List.of("alice")));
        repository.saveSystem(new CatalogSystem("shop", "Shop", "", "core"));
        Service database = service("database", "core", List.of());
        Service api = new Service("api", "API", "", "service", 1, Lifecycle.EXPERIMENTAL, "core", "shop", List.of(), List.of(),
                List.of(new Dependency("database", DependencyKind.SOFT)));
        repository.saveService(database);
        repository.saveService(api);

        assertThat(repository.user("alice")).contains(new User("alice", "Alice", "alice@example.com", User.Role.MEMBER));
        assertThat(repository.team("core")).contains(new Team("core", "Core", "the core team", "#core", List.of("alice")));
        assertThat(repository.system("shop")).contains(new CatalogSystem("shop", "Shop", "", "core"));
        assertThat(repository.service("database")).contains(database);
        assertThat(repository.service("api")).contains(api);
        assertThat(repository.services()).extracting(Service::slug).containsExactly("api", "database");
        assertThat(repository.snapshot().services()).hasSize(2);
    }

    @Test
    void savingAgainUpdatesInPlace() {
        CatalogRepository repository = repository();
        repository.saveTeam(new Team("ops", "Ops", "", "", List.of()));
        repository.saveService(service("cache", "ops", List.of()));
        Service changed = new Service("cache", "Cache", "new", "cache", 4, Lifecycle.DEPRECATED, null, null, List.of(), List.of(), List.of());
        repository.saveService(changed);
        assertThat(repository.service("cache")).contains(changed);
        assertThat(repository.services()).filteredOn(s -> s.slug().equals("cache")).hasSize(1);
    }

    @Test
    void referencesToMissingObjectsAreRefusedWithTheField() {
        CatalogRepository repository = repository();
        assertThatThrownBy(() -> repository.saveService(service("x", "no-such-team", List.of())))
                .isInstanceOf(CatalogException.class).extracting("field").isEqualTo("owner");
        assertThatThrownBy(() -> repository.saveService(service("y", null, List.of(new Dependency("ghost", DependencyKind.HARD)))))
                .isInstanceOf(CatalogException.class).extracting("field").isEqualTo("dependsOn[0]");
        assertThatThrownBy(() -> repository.saveTeam(new Team("t", "T", "", "", List.of("ghost"))))
                .isInstanceOf(CatalogException.class).extracting("field").isEqualTo("members[0]");
    }

    @Test
    void objectsInUseCannotBeDeleted() {
        CatalogRepository repository = repository();
        repository.saveTeam(new Team("owners", "Owners", "", "", List.of()));
        repository.saveService(service("queue", "owners", List.of()));
        repository.saveService(service("worker", null, List.of(new Dependency("queue", DependencyKind.HARD))));
        assertThatThrownBy(() -> repository.deleteService("queue")).isInstanceOf(CatalogException.class)
                .hasMessageContaining("worker").extracting("code").isEqualTo(CatalogException.Code.IN_USE);
        assertThatThrownBy(() -> repository.deleteTeam("owners")).isInstanceOf(CatalogException.class).hasMessageContaining("queue");
        assertThat(repository.deleteService("worker")).isTrue();
        assertThat(repository.deleteService("queue")).isTrue();
        assertThat(repository.deleteTeam("owners")).isTrue();
        assertThat(repository.deleteTeam("owners")).isFalse();
    }

    @Test
    void lockingANameOutsideATransactionIsHarmless() {
        repository().lockName("service", "anything");
        assertThat(repository().service("anything")).isEmpty();
    }

    @Test
    void deletingAUserRemovesItFromTeams() {
        CatalogRepository repository = repository();
        repository.saveUser(new User("bob", "Bob", null, User.Role.MEMBER));
        repository.saveTeam(new Team("bobs", "Bobs", "", "", List.of("bob")));
        assertThat(repository.deleteUser("bob")).isTrue();
        assertThat(repository.team("bobs").orElseThrow().members()).isEmpty();
    }
}
