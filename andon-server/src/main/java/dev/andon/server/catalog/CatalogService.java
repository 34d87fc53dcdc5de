package dev.andon.server.catalog;

import dev.andon.catalog.Catalog;
import dev.andon.catalog.CatalogException;
import dev.andon.catalog.CatalogRepository;
import dev.andon.catalog.CatalogRules;
import dev.andon.catalog.CatalogSystem;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.server.access.AccessChanged;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every change to the catalog goes through here: checked against the rules, stored, and recorded
 * in the event log with who, when, before and after, all in one transaction.
 */
@Component
public class CatalogService {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CatalogRepository repository;
    private final EventLog events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;

    public CatalogService(CatalogRepository repository, EventLog events, TransactionTemplate transactions, Clock clock,
                          ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.repository = repository;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    public CatalogRepository repository() {
        return repository;
    }

    public Catalog snapshot() {
        return inTransaction(repository::snapshot);
    }

    /** Runs work in one transaction; used by apply to make a whole plan atomic. */
    public <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    // --- services

    public Service createService(String actor, Service service) {
        CatalogRules.require(CatalogRules.check(service));
        return inTransaction(() -> {
            refuseExisting("service", service.slug());
            return saveService(actor, service);
        });
    }

    public Service updateService(String actor, Service service) {
        CatalogRules.require(CatalogRules.check(service));
        return inTransaction(() -> {
            requireExisting("service", service.slug(), repository.service(service.slug()));
            return saveService(actor, service);
        });
    }

    /** Creates or updates in the caller's transaction, recording the change. */
    public Service saveService(String actor, Service service) {
        Optional<Service> before = repository.service(service.slug());
        repository.saveService(service);
        Service after = repository.service(service.slug()).orElseThrow();
        record(actor, "service", service.slug(), before.map(CatalogJson.ServiceJson::of).orElse(null), CatalogJson.ServiceJson.of(after));
        return after;
    }

    /**
     * Saves several services in the caller's transaction, in an order that works whatever they
     * depend on: new services are inserted bare first, so dependencies among them (even cycles)
     * resolve; each change is recorded once, against the state before this call.
     */
    public void saveServices(String actor, java.util.List<Service> services) {
        java.util.Map<String, Optional<Service>> before = new java.util.HashMap<>();
        for (Service service : services) {
            CatalogRules.require(CatalogRules.check(service));
            before.put(service.slug(), repository.service(service.slug()));
        }
        for (Service service : services) {
            if (before.get(service.slug()).isEmpty()) {
                repository.saveService(service.withoutDependencies());
            }
        }
        for (Service service : services) {
            repository.saveService(service);
            Service after = repository.service(service.slug()).orElseThrow();
            record(actor, "service", service.slug(), before.get(service.slug()).map(CatalogJson.ServiceJson::of).orElse(null),
                    CatalogJson.ServiceJson.of(after));
        }
    }

    /**
     * Deletes several services in the caller's transaction even when they depend on each other
     * (pruning a whole subsystem): their own dependencies go first, then the services. Each
     * deletion is recorded with the service as it was before this call.
     */
    public void deleteServices(String actor, java.util.List<String> slugs) {
        java.util.Map<String, Service> before = new java.util.LinkedHashMap<>();
        for (String slug : slugs) {
            before.put(slug, requireExisting("service", slug, repository.service(slug)));
        }
        for (Service service : before.values()) {
            repository.saveService(service.withoutDependencies());
        }
        for (Service service : before.values()) {
            repository.deleteService(service.slug());
            record(actor, "service", service.slug(), CatalogJson.ServiceJson.of(service), null);
        }
    }

    public void deleteService(String actor, String slug) {
        inTransaction(() -> {
            Service before = requireExisting("service", slug, repository.service(slug));
            repository.deleteService(slug);
            record(actor, "service", slug, CatalogJson.ServiceJson.of(before), null);
            return null;
        });
    }

    // --- teams

    public Team createTeam(String actor, Team team) {
        CatalogRules.require(CatalogRules.check(team));
        return inTransaction(() -> {
            refuseExisting("team", team.slug());
            return saveTeam(actor, team);
        });
    }

    public Team updateTeam(String actor, Team team) {
        CatalogRules.require(CatalogRules.check(team));
        return inTransaction(() -> {
            requireExisting("team", team.slug(), repository.team(team.slug()));
            return saveTeam(actor, team);
        });
    }

    public Team saveTeam(String actor, Team team) {
        Optional<Team> before = repository.team(team.slug());
        repository.saveTeam(team);
        Team after = repository.team(team.slug()).orElseThrow();
        record(actor, "team", team.slug(), before.map(CatalogJson.TeamJson::of).orElse(null), CatalogJson.TeamJson.of(after));
        return after;
    }

    public void deleteTeam(String actor, String slug) {
        inTransaction(() -> {
            Team before = requireExisting("team", slug, repository.team(slug));
            repository.deleteTeam(slug);
            record(actor, "team", slug, CatalogJson.TeamJson.of(before), null);
            return null;
        });
    }

    // --- systems

    public CatalogSystem createSystem(String actor, CatalogSystem system) {
        CatalogRules.require(CatalogRules.check(system));
        return inTransaction(() -> {
            refuseExisting("system", system.slug());
            return saveSystem(actor, system);
        });
    }

    public CatalogSystem updateSystem(String actor, CatalogSystem system) {
        CatalogRules.require(CatalogRules.check(system));
        return inTransaction(() -> {
            requireExisting("system", system.slug(), repository.system(system.slug()));
            return saveSystem(actor, system);
        });
    }

    public CatalogSystem saveSystem(String actor, CatalogSystem system) {
        Optional<CatalogSystem> before = repository.system(system.slug());
        repository.saveSystem(system);
        CatalogSystem after = repository.system(system.slug()).orElseThrow();
        record(actor, "system", system.slug(), before.map(CatalogJson.SystemJson::of).orElse(null), CatalogJson.SystemJson.of(after));
        return after;
    }

    public void deleteSystem(String actor, String slug) {
        inTransaction(() -> {
            CatalogSystem before = requireExisting("system", slug, repository.system(slug));
            repository.deleteSystem(slug);
            record(actor, "system", slug, CatalogJson.SystemJson.of(before), null);
            return null;
        });
    }

    // --- users

    public User createUser(String actor, User user) {
        CatalogRules.require(CatalogRules.check(user));
        return inTransaction(() -> {
            refuseExisting("user", user.username());
            return saveUser(actor, user);
        });
    }

    public User updateUser(String actor, User user) {
        CatalogRules.require(CatalogRules.check(user));
        return inTransaction(() -> {
            requireExisting("user", user.username(), repository.user(user.username()));
            return saveUser(actor, user);
        });
    }

    public User saveUser(String actor, User user) {
        Optional<User> before = repository.user(user.username());
        repository.saveUser(user);
        User after = repository.user(user.username()).orElseThrow();
        if (before.isPresent() && before.get().role() != after.role()) {
            publisher.publishEvent(new AccessChanged(user.username(), false));
        }
        record(actor, "user", user.username(), before.map(CatalogJson.UserJson::of).orElse(null), CatalogJson.UserJson.of(after));
        return after;
    }

    public void deleteUser(String actor, String username) {
        if (username.equals(actor)) {
            throw new CatalogException(CatalogException.Code.IN_USE, "username", "you cannot delete your own account");
        }
        inTransaction(() -> {
            User before = requireExisting("user", username, repository.user(username));
            repository.deleteUser(username);
            record(actor, "user", username, CatalogJson.UserJson.of(before), null);
            publisher.publishEvent(new AccessChanged(username, false));
            return null;
        });
    }

    // --- helpers

    private void record(String actor, String type, String key, Object before, Object after) {
        String verb = before == null ? "created" : after == null ? "deleted" : "updated";
        String beforeJson = before == null ? null : JSON.writeValueAsString(before);
        String afterJson = after == null ? null : JSON.writeValueAsString(after);
        if (beforeJson != null && beforeJson.equals(afterJson)) {
            return; // saving an identical object is not a change
        }
        events.append(Event.of(clock.instant(), actor, type + "." + verb, type, key, beforeJson, afterJson));
    }

    private static <T> T requireExisting(String type, String key, Optional<T> existing) {
        return existing.orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "slug", "no " + type + " '" + key + "'"));
    }

    private void refuseExisting(String type, String key) {
        repository.lockName(type, key);
        Optional<?> existing = switch (type) {
            case "service" -> repository.service(key);
            case "team" -> repository.team(key);
            case "system" -> repository.system(key);
            default -> repository.user(key);
        };
        if (existing.isPresent()) {
            throw new CatalogException(CatalogException.Code.CONFLICT, "slug",
                    "a " + type + " '" + key + "' already exists: update it with PUT, or pick another slug");
        }
    }
}
