package dev.andon.config;

import dev.andon.catalog.CatalogSystem;
import dev.andon.catalog.Dependency;
import dev.andon.catalog.DependencyKind;
import dev.andon.catalog.Lifecycle;
import dev.andon.catalog.Link;
import dev.andon.catalog.Service;
import dev.andon.catalog.Slug;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Converts Backstage {@code catalog-info.yaml} entities into catalog objects, so teams already on
 * Backstage can adopt Andon without retyping their catalog. Names and references are turned into
 * slugs; kinds Andon has no use for (API, Domain, Location, Template...) are skipped.
 */
public final class BackstageImporter {
    private static final Set<String> API_VERSIONS = Set.of("backstage.io/v1alpha1", "backstage.io/v1beta1");
    private static final Map<String, Kind> KINDS = Map.of(
            "Group", Kind.TEAM, "User", Kind.USER, "System", Kind.SYSTEM, "Component", Kind.SERVICE, "Resource", Kind.SERVICE);

    private BackstageImporter() {}

    /** A supported entity, read far enough to know what it is and what it is called. */
    private record Entity(Kind kind, String name, String title, Map<String, Node> metadata, Map<String, Node> spec,
            Node document, NodeReader reader) {}

    /** A user's membership of a group, written on the user (spec.memberOf) as Backstage usually does. */
    private record Membership(String username, Location location) {}

    public static ParseResult convert(List<SourceFile> files) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<Entity> entities = new ArrayList<>();
        for (SourceFile file : files) {
            for (Node document : NodeReader.compose(file, problems)) {
                if (!NodeReader.isEmpty(document)) {
                    Entity entity = entity(document, new NodeReader(file.path(), problems));
                    if (entity != null) {
                        entities.add(entity);
                    }
                }
            }
        }
        // Memberships are read before the groups are converted, wherever the users are written.
        Map<String, List<Membership>> memberships = new LinkedHashMap<>();
        for (Entity entity : entities) {
            if (entity.kind() == Kind.USER) {
                List<Node> groups = entity.reader().list("memberOf", entity.spec().get("memberOf"));
                for (Node group : groups) {
                    Reference reference = reference(entity.reader().string("memberOf", group));
                    if (reference != null && entity.name() != null) {
                        memberships.computeIfAbsent(reference.name(), key -> new ArrayList<>())
                                .add(new Membership(entity.name(), entity.reader().location(group)));
                    }
                }
            }
        }
        Declarations declarations = new Declarations(problems);
        for (Entity entity : entities) {
            declarations.add(new ConfigObject(entity.kind(), entity.name(), convert(entity, memberships),
                    entity.reader().location(entity.document()), entity.reader().fieldLocations()), entity.reader());
        }
        return declarations.result();
    }

    private static Entity entity(Node document, NodeReader reader) {
        Map<String, Node> fields = document instanceof MappingNode ? reader.fields("the document", document, null) : Map.of();
        String apiVersion = reader.string("apiVersion", fields.get("apiVersion"));
        if (apiVersion != null && !API_VERSIONS.contains(apiVersion) && apiVersion.contains("backstage.io/")) {
            return null; // Scaffolder templates and other plugins' entities have no counterpart in Andon.
        }
        if (apiVersion == null || !API_VERSIONS.contains(apiVersion)) {
            reader.report(document, "not a Backstage entity: a document needs 'apiVersion: backstage.io/v1alpha1' "
                    + "(or v1beta1), kind and metadata; remove it from the import or fix it");
            return null;
        }
        String kindName = reader.string("kind", fields.get("kind"));
        if (kindName == null) {
            reader.report(document, "kind is missing: add 'kind:' such as Component, Resource, System, Group or User");
            return null;
        }
        Kind kind = KINDS.get(kindName);
        if (kind == null) {
            return null; // APIs, domains, locations and templates have no counterpart in Andon.
        }
        Map<String, Node> metadata = section("metadata", fields.get("metadata"), reader);
        Map<String, Node> spec = section("spec", fields.get("spec"), reader);
        String rawName = reader.string("metadata.name", metadata.get("name"));
        String name = rawName == null ? null : Slug.isValid(rawName) ? rawName : Slug.from(rawName);
        if (name == null || name.isEmpty()) {
            reader.report("metadata.name", metadata.isEmpty() ? document : fields.get("metadata"),
                    "metadata.name is missing or has no letters or digits: give the entity a name");
            name = null;
        }
        String title = reader.string("title", metadata.get("title"));
        return new Entity(kind, name, title != null ? title : rawName, metadata, spec, document, reader);
    }

    private static Map<String, Node> section(String field, Node node, NodeReader reader) {
        Map<String, Node> fields = NodeReader.isEmpty(node) ? null : reader.fields(field, node, null);
        return fields == null ? Map.of() : fields;
    }

    private static Object convert(Entity entity, Map<String, List<Membership>> memberships) {
        NodeReader reader = entity.reader();
        Map<String, Node> spec = entity.spec();
        String description = reader.string("description", entity.metadata().get("description"));
        return switch (entity.kind()) {
            case USER -> {
                Map<String, Node> profile = section("profile", spec.get("profile"), reader);
                yield new User(entity.name(), reader.string("displayName", profile.get("displayName")),
                        reader.string("email", profile.get("email")), User.Role.MEMBER);
            }
            case TEAM -> {
                Map<String, Node> profile = section("profile", spec.get("profile"), reader);
                String displayName = reader.string("title", profile.get("displayName"));
                List<String> members = new ArrayList<>();
                for (Node member : reader.list("members", spec.get("members"))) {
                    Reference reference = reference(reader.string("members", member));
                    if (reference != null && !members.contains(reference.name())) {
                        reader.fieldLocations().put("members[" + members.size() + "]", reader.location(member));
                        members.add(reference.name());
                    }
                }
                for (Membership membership : memberships.getOrDefault(entity.name(), List.of())) {
                    if (!members.contains(membership.username())) {
                        reader.fieldLocations().put("members[" + members.size() + "]", membership.location());
                        members.add(membership.username());
                    }
                }
                yield new Team(entity.name(), displayName != null ? displayName : entity.title(), description,
                        reader.string("contactChannel", profile.get("email")), members);
            }
            case SYSTEM -> new CatalogSystem(entity.name(), entity.title(), description, owner(spec, reader));
            case SERVICE -> service(entity, description);
            case CHECK, HEARTBEAT, INTEGRATION, MAINTENANCE_WINDOW, SCHEDULE, ESCALATION_POLICY ->
                    throw new IllegalStateException("no Backstage kind becomes a " + entity.kind().yamlName());
        };
    }

    private static Service service(Entity entity, String description) {
        NodeReader reader = entity.reader();
        Map<String, Node> spec = entity.spec();
        List<Link> links = new ArrayList<>();
        List<Node> linkNodes = reader.list("links", entity.metadata().get("links"));
        for (int index = 0; index < linkNodes.size(); index++) {
            links.add(link("links[" + index + "]", linkNodes.get(index), reader));
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (Node node : reader.list("dependsOn", spec.get("dependsOn"))) {
            String field = "dependsOn[" + dependencies.size() + "]";
            Reference reference = reference(reader.string("dependsOn", node));
            if (reference != null && (reference.kind() == null || Set.of("component", "resource").contains(reference.kind()))) {
                reader.fieldLocations().put(field, reader.location(node));
                dependencies.add(new Dependency(reference.name(), DependencyKind.HARD));
            }
        }
        Reference system = reference(reader.string("system", spec.get("system")));
        return new Service(entity.name(), entity.title(), description, reader.string("type", spec.get("type")), 3,
                reader.choice("lifecycle", spec.get("lifecycle"), Lifecycle::parse, "experimental, production or deprecated"),
                owner(spec, reader), system == null ? null : system.name(),
                reader.strings("tags", entity.metadata().get("tags")), links, dependencies);
    }

    /** The owning team; an owner that is a person has no team to stand for, so it is left empty. */
    private static String owner(Map<String, Node> spec, NodeReader reader) {
        Reference owner = reference(reader.string("owner", spec.get("owner")));
        return owner == null || (owner.kind() != null && !owner.kind().equals("group")) ? null : owner.name();
    }

    private static Link link(String field, Node node, NodeReader reader) {
        Map<String, Node> fields = section(field, node, reader);
        String url = reader.string(field + ".url", fields.get("url"));
        if (url == null) {
            reader.report(field + ".url", node, "metadata.links entry has no url: add 'url: https://...' or remove the link");
        }
        String title = reader.string(field + ".title", fields.get("title"));
        String type = reader.string(field + ".type", fields.get("type"));
        String icon = reader.string(field + ".icon", fields.get("icon"));
        return new Link(linkType(type, title, url, icon), title, url == null ? "" : url);
    }

    /** The link's own type when Andon knows it, otherwise a guess from its words and address. */
    static String linkType(String type, String title, String url, String icon) {
        if (type != null && Link.TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            return type.toLowerCase(Locale.ROOT);
        }
        String words = String.join(" ", type == null ? "" : type, title == null ? "" : title, url == null ? "" : url,
                icon == null ? "" : icon).toLowerCase(Locale.ROOT);
        if (words.contains("runbook")) {
            return "runbook";
        }
        if (words.contains("docs") || words.contains("documentation")) {
            return "docs";
        }
        if (words.contains("github") || words.contains("gitlab") || words.contains("bitbucket")) {
            return "repository";
        }
        if (words.contains("grafana") || words.contains("dashboard")) {
            return "dashboard";
        }
        return "other";
    }

    /** A Backstage entity reference ({@code [kind:][namespace/]name}) reduced to its kind and a slug. */
    record Reference(String kind, String name) {}

    static Reference reference(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? null : text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = text.substring(colon + 1);
        String name = rest.substring(rest.indexOf('/') + 1);
        return new Reference(kind, Slug.isValid(name) ? name : Slug.from(name));
    }
}
