package dev.andon.server.api;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.DependencyGraph;
import dev.andon.catalog.Service;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.catalog.CatalogJson.ServiceJson;
import dev.andon.server.catalog.CatalogJson.SystemJson;
import dev.andon.server.catalog.CatalogJson.TeamJson;
import dev.andon.server.catalog.CatalogJson.UserJson;
import dev.andon.server.catalog.CatalogQueries;
import dev.andon.server.catalog.CatalogService;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** REST resources of the catalog under /api/v1: services, teams, systems, users. Thin: parse, call, answer. */
@RestController
@RequestMapping("/api/v1")
public class CatalogApi {
    private final CatalogService catalog;
    private final CatalogQueries queries;

    public CatalogApi(CatalogService catalog, CatalogQueries queries) {
        this.catalog = catalog;
        this.queries = queries;
    }

    // --- services

    @GetMapping("/services")
    public List<ServiceJson> services(@RequestParam(required = false) String q, @RequestParam(required = false) String team,
                                      @RequestParam(required = false) Integer tier, @RequestParam(required = false) String tag,
                                      @RequestParam(required = false) String lifecycle, @RequestParam(required = false) String system) {
        return queries.services(new CatalogQueries.ServiceFilter(q, team, tier, tag, lifecycle, system)).stream().map(ServiceJson::of).toList();
    }

    @PostMapping("/services")
    public ResponseEntity<ServiceJson> createService(@RequestBody ServiceJson body) {
        Service created = catalog.createService(CurrentUser.name(), body.toService(null));
        return ResponseEntity.created(URI.create("/api/v1/services/" + created.slug())).body(ServiceJson.of(created));
    }

    @GetMapping("/services/{slug}")
    public ServiceJson service(@PathVariable String slug) {
        return ServiceJson.of(catalog.repository().service(slug).orElseThrow(() -> notFound("service", slug)));
    }

    @PutMapping("/services/{slug}")
    public ServiceJson updateService(@PathVariable String slug, @RequestBody ServiceJson body) {
        Service service = body.toService(slug);
        // Left out (a client from before paging): keep the policy; "" clears it.
        if (body.escalationPolicy() == null) {
            service = catalog.repository().service(slug).map(Service::escalationPolicy)
                    .map(policy -> withPolicy(body.toService(slug), policy)).orElse(service);
        }
        return ServiceJson.of(catalog.updateService(CurrentUser.name(), service));
    }

    @DeleteMapping("/services/{slug}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void deleteService(@PathVariable String slug) {
        catalog.deleteService(CurrentUser.name(), slug);
    }

    /** Dependencies both ways and the transitive blast radius: "who depends on me?". */
    @GetMapping("/services/{slug}/dependencies")
    public Dependencies dependencies(@PathVariable String slug) {
        catalog.repository().service(slug).orElseThrow(() -> notFound("service", slug));
        DependencyGraph graph = new DependencyGraph(catalog.repository().services());
        return new Dependencies(
                graph.dependenciesOf(slug).stream().map(d -> new Edge(d.service(), d.kind().wireName())).toList(),
                graph.dependentsOf(slug).stream().map(d -> new Edge(d.service(), d.kind().wireName())).toList(),
                graph.blastRadius(slug).stream().map(i -> new Impact(i.service(), i.distance(), i.level().name().toLowerCase(Locale.ROOT))).toList());
    }

    /** Dependencies of a service as the API answers them. */
    public record Dependencies(List<Edge> dependsOn, List<Edge> dependedOnBy, List<Impact> blastRadius) {}

    /** One edge, seen from the service asked about. */
    public record Edge(String service, String kind) {}

    /** A service hit when the one asked about fails: down (hard path) or degraded (a soft edge on the way). */
    public record Impact(String service, int distance, String impact) {}

    @GetMapping("/services/{slug}/events")
    public List<EventJson> serviceEvents(@PathVariable String slug) {
        return EventJson.of(queries.history("service", slug));
    }

    // --- teams

    @GetMapping("/teams")
    public List<TeamJson> teams(@RequestParam(required = false) String member) {
        return catalog.repository().teams().stream().filter(team -> member == null || team.members().contains(member)).map(TeamJson::of).toList();
    }

    @PostMapping("/teams")
    public ResponseEntity<TeamJson> createTeam(@RequestBody TeamJson body) {
        var created = catalog.createTeam(CurrentUser.name(), body.toTeam(null));
        return ResponseEntity.created(URI.create("/api/v1/teams/" + created.slug())).body(TeamJson.of(created));
    }

    @GetMapping("/teams/{slug}")
    public TeamJson team(@PathVariable String slug) {
        return TeamJson.of(catalog.repository().team(slug).orElseThrow(() -> notFound("team", slug)));
    }

    @PutMapping("/teams/{slug}")
    public TeamJson updateTeam(@PathVariable String slug, @RequestBody TeamJson body) {
        return TeamJson.of(catalog.updateTeam(CurrentUser.name(), body.toTeam(slug)));
    }

    @DeleteMapping("/teams/{slug}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void deleteTeam(@PathVariable String slug) {
        catalog.deleteTeam(CurrentUser.name(), slug);
    }

    @GetMapping("/teams/{slug}/events")
    public List<EventJson> teamEvents(@PathVariable String slug) {
        return EventJson.of(queries.history("team", slug));
    }

    @GetMapping("/systems/{slug}/events")
    public List<EventJson> systemEvents(@PathVariable String slug) {
        return EventJson.of(queries.history("system", slug));
    }

    @GetMapping("/users/{username}/events")
    public List<EventJson> userEvents(@PathVariable String username) {
        return EventJson.of(queries.history("user", username));
    }

    // --- systems

    @GetMapping("/systems")
    public List<SystemJson> systems(@RequestParam(required = false) String owner) {
        return catalog.repository().systems().stream().filter(s -> owner == null || owner.equals(s.ownerTeam())).map(SystemJson::of).toList();
    }

    @PostMapping("/systems")
    public ResponseEntity<SystemJson> createSystem(@RequestBody SystemJson body) {
        var created = catalog.createSystem(CurrentUser.name(), body.toSystem(null));
        return ResponseEntity.created(URI.create("/api/v1/systems/" + created.slug())).body(SystemJson.of(created));
    }

    @GetMapping("/systems/{slug}")
    public SystemJson system(@PathVariable String slug) {
        return SystemJson.of(catalog.repository().system(slug).orElseThrow(() -> notFound("system", slug)));
    }

    @PutMapping("/systems/{slug}")
    public SystemJson updateSystem(@PathVariable String slug, @RequestBody SystemJson body) {
        return SystemJson.of(catalog.updateSystem(CurrentUser.name(), body.toSystem(slug)));
    }

    @DeleteMapping("/systems/{slug}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void deleteSystem(@PathVariable String slug) {
        catalog.deleteSystem(CurrentUser.name(), slug);
    }

    // --- users (changes need an admin)

    @GetMapping("/users")
    public List<UserJson> users() {
        return catalog.repository().users().stream().map(UserJson::of).toList();
    }

    @PostMapping("/users")
    public ResponseEntity<UserJson> createUser(@RequestBody UserJson body) {
        CurrentUser.requireAdmin("create users");
        var created = catalog.createUser(CurrentUser.name(), body.toUser(null, null));
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.username())).body(UserJson.of(created));
    }

    @GetMapping("/users/{username}")
    public UserJson user(@PathVariable String username) {
        return UserJson.of(catalog.repository().user(username).orElseThrow(() -> notFound("user", username)));
    }

    @PutMapping("/users/{username}")
    public UserJson updateUser(@PathVariable String username, @RequestBody UserJson body) {
        CurrentUser.requireAdmin("change users");
        return UserJson.of(catalog.updateUser(CurrentUser.name(), body.toUser(username,
                catalog.repository().user(username).orElse(null))));
    }

    @DeleteMapping("/users/{username}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void deleteUser(@PathVariable String username) {
        CurrentUser.requireAdmin("delete users");
        catalog.deleteUser(CurrentUser.name(), username);
    }

    static CatalogException notFound(String type, String key) {
        return new CatalogException(CatalogException.Code.NOT_FOUND, "slug", "no " + type + " '" + key + "'");
    }

    private static Service withPolicy(Service service, String policy) {
        return new Service(service.slug(), service.name(), service.description(), service.type(), service.tier(), service.lifecycle(),
                service.ownerTeam(), service.system(), service.tags(), service.links(), service.dependencies(), policy);
    }
}
