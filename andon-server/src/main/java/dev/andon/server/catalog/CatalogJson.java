package dev.andon.server.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.andon.catalog.CatalogException;
import dev.andon.catalog.CatalogSystem;
import dev.andon.catalog.Dependency;
import dev.andon.catalog.DependencyKind;
import dev.andon.catalog.Lifecycle;
import dev.andon.catalog.Link;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.oncall.ContactMethod;
import dev.andon.oncall.InvalidOnCallSettingException;
import dev.andon.oncall.OnCallFields;
import java.util.List;
import tools.jackson.databind.JsonNode;
import java.util.function.Supplier;

/**
 * The JSON shapes of catalog objects in the API and in the event log's before/after snapshots.
 * Field names match the YAML kinds (owner, dependsOn) so people meet one vocabulary everywhere.
 */
public final class CatalogJson {
    private CatalogJson() {}

    /** A service as the API reads and writes it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ServiceJson(String slug, String name, String description, String type, Integer tier, String lifecycle,
                              String owner, String system, List<String> tags, List<LinkJson> links, List<DependencyJson> dependsOn,
                              String escalationPolicy) {

        public static ServiceJson of(Service service) {
            return new ServiceJson(service.slug(), service.name(), service.description(), service.type(), service.tier(),
                    service.lifecycle().wireName(), service.ownerTeam(), service.system(), service.tags(),
                    service.links().stream().map(link -> new LinkJson(link.type(), link.title(), link.url())).toList(),
                    service.dependencies().stream().map(d -> new DependencyJson(d.service(), d.kind().wireName())).toList(),
                    service.escalationPolicy());
        }

        public Service toService(String pathSlug) {
            List<LinkJson> linkList = links == null ? List.of() : links;
            List<DependencyJson> dependencyList = dependsOn == null ? List.of() : dependsOn;
            return new Service(resolveSlug(pathSlug, slug), name, description, type, tier == null ? 3 : tier,
                    parse("lifecycle", () -> lifecycle == null ? Lifecycle.PRODUCTION : Lifecycle.parse(lifecycle)),
                    blankToNull(owner), blankToNull(system), tags,
                    linkList.stream().map(link -> {
                        if (link == null || link.url() == null || link.url().isBlank()) {
                            throw new CatalogException(CatalogException.Code.INVALID, "links", "every link needs a url");
                        }
                        return new Link(link.type(), link.title(), link.url());
                    }).toList(),
                    dependencyList.stream().map(d -> new Dependency(d.service(),
                            parse("dependsOn", () -> d.kind() == null ? DependencyKind.HARD : DependencyKind.parse(d.kind())))).toList(),
                    blankToNull(escalationPolicy));
        }
    }

    /** A link of a service. */
    public record LinkJson(String type, String title, String url) {}

    /** One dependency of a service. */
    public record DependencyJson(String service, String kind) {}

    /** A team as the API reads and writes it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TeamJson(String slug, String name, String description, String contactChannel, List<String> members) {
        public static TeamJson of(Team team) {
            return new TeamJson(team.slug(), team.name(), team.description(), team.contactChannel(), team.members());
        }

        public Team toTeam(String pathSlug) {
            return new Team(resolveSlug(pathSlug, slug), name, description, contactChannel, members);
        }
    }

    /** A system as the API reads and writes it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SystemJson(String slug, String name, String description, String owner) {
        public static SystemJson of(CatalogSystem system) {
            return new SystemJson(system.slug(), system.name(), system.description(), system.ownerTeam());
        }

        public CatalogSystem toSystem(String pathSlug) {
            return new CatalogSystem(resolveSlug(pathSlug, slug), name, description, blankToNull(owner));
        }
    }

    /** A user as the API reads and writes it (never with a password). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UserJson(String username, String displayName, String email, String role, JsonNode contactMethods,
                           JsonNode notificationRules) {
        /** Credentials among the contact methods (webhook URLs, signing secrets) are shown masked. */
        public static UserJson of(User user) {
            return new UserJson(user.username(), user.displayName(), user.email(), user.role().wireName(),
                    OnCallFields.json(user.contactMethods(), false), OnCallFields.rulesJson(user.notificationRules()));
        }

        /**
         * The user in the body; without contactMethods and notificationRules it keeps those of
         * {@code existing} (null when creating), so an API client that predates paging changes nothing.
         */
        public User toUser(String pathUsername, User existing) {
            User user = new User(resolveSlug(pathUsername, username), displayName, blankToNull(email),
                    parse("role", () -> role == null ? User.Role.MEMBER : User.Role.parse(role)));
            if (contactMethods == null && notificationRules == null) {
                return existing == null ? user : user.withContacts(existing.contactMethods(), existing.notificationRules());
            }
            try {
                var methods = keepHidden(OnCallFields.contactMethods(contactMethods), existing);
                var rules = OnCallFields.notificationRules(notificationRules, methods);
                return user.withContacts(methods, rules);
            } catch (InvalidOnCallSettingException invalid) {
                throw new CatalogException(CatalogException.Code.INVALID, invalid.field(), invalid.problem());
            }
        }
    }

    /**
     * What the API shows of a credential comes back as it was shown (a masked URL, "(hidden)") when a
     * client edits something else and sends the user back: that means "keep the stored one".
     */
    static List<ContactMethod> keepHidden(List<ContactMethod> methods, User existing) {
        if (existing == null) {
            return methods;
        }
        return methods.stream().map(method -> existing.contactMethods().stream()
                .filter(stored -> stored.name().equals(method.name()) && stored.type() == method.type()).findFirst()
                .map(stored -> new ContactMethod(method.name(), method.type(),
                        stored.type().addressIsSecret() && method.address().equals(OnCallFields.masked(stored.address())) ? stored.address()
                                : method.address(),
                        "(hidden)".equals(method.secret()) ? stored.secret() : method.secret()))
                .orElse(method)).toList();
    }

    /** The slug in the path wins; a different one in the body is an attempt to rename, which we refuse. */
    private static String resolveSlug(String pathSlug, String bodySlug) {
        if (pathSlug == null) {
            return bodySlug;
        }
        if (bodySlug != null && !bodySlug.equals(pathSlug)) {
            throw new CatalogException(CatalogException.Code.INVALID, "slug",
                    "the body names '" + bodySlug + "' but the URL names '" + pathSlug + "': slugs cannot be renamed");
        }
        return pathSlug;
    }

    private static <T> T parse(String field, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new CatalogException(CatalogException.Code.INVALID, field, e.getMessage());
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
