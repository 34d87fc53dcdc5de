package dev.andon.config;

import dev.andon.alerts.AlertFields;
import dev.andon.catalog.CatalogSystem;
import dev.andon.catalog.Dependency;
import dev.andon.catalog.DependencyKind;
import dev.andon.catalog.Lifecycle;
import dev.andon.catalog.Link;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.checks.CheckFields;
import dev.andon.oncall.OnCallFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads configuration files (multi-document YAML, {@code apiVersion: andon.dev/v1}) into catalog
 * objects, checks, heartbeats, integrations and maintenance windows. Every problem in every file is
 * collected with its line and column, so one run tells the user everything to fix.
 */
public final class ConfigParser {
    static final String API_VERSION = "andon.dev/v1";
    static final List<String> DOCUMENT_FIELDS = List.of("apiVersion", "kind", "metadata", "spec");
    static final Map<Kind, List<String>> SPEC_FIELDS = Map.of(
            Kind.USER, OnCallFields.USER_FIELDS,
            Kind.TEAM, List.of("title", "description", "contactChannel", "members"),
            Kind.SYSTEM, List.of("title", "description", "owner"),
            Kind.SERVICE, List.of("title", "description", "type", "tier", "lifecycle", "owner", "system", "tags", "links", "dependsOn",
                    "escalationPolicy"),
            Kind.CHECK, CheckFields.CHECK_FIELDS,
            Kind.HEARTBEAT, CheckFields.HEARTBEAT_FIELDS,
            Kind.INTEGRATION, AlertFields.INTEGRATION_FIELDS,
            Kind.MAINTENANCE_WINDOW, AlertFields.MAINTENANCE_FIELDS,
            Kind.SCHEDULE, OnCallFields.SCHEDULE_FIELDS,
            Kind.ESCALATION_POLICY, OnCallFields.POLICY_FIELDS);
    private static final List<String> LINK_FIELDS = List.of("type", "title", "url");
    private static final List<String> DEPENDENCY_FIELDS = List.of("service", "kind");
    private static final String TIER_EXPECTATION = "must be an integer 1-4 (1 is the most critical)";

    private ConfigParser() {}

    public static ParseResult parse(List<SourceFile> files) {
        List<ConfigProblem> problems = new ArrayList<>();
        Declarations declarations = new Declarations(problems);
        for (SourceFile file : files) {
            for (Node document : NodeReader.compose(file, problems)) {
                // A stray '---' or a file of comments only is harmless: there is nothing to read.
                if (!NodeReader.isEmpty(document)) {
                    NodeReader reader = new NodeReader(file.path(), problems);
                    ConfigObject object = document(document, reader);
                    if (object != null) {
                        declarations.add(object, reader);
                    }
                }
            }
        }
        return declarations.result();
    }

    private static ConfigObject document(Node document, NodeReader reader) {
        if (!(document instanceof MappingNode)) {
            reader.report(document, "a document must be a mapping with apiVersion, kind, metadata and spec");
            return null;
        }
        Map<String, Node> fields = reader.fields("the document", document, DOCUMENT_FIELDS);
        Node apiVersion = fields.get("apiVersion");
        if (NodeReader.isEmpty(apiVersion)) {
            reader.report(document, "apiVersion is missing: add 'apiVersion: " + API_VERSION + "'");
        } else {
            String version = reader.string("apiVersion", apiVersion);
            if (!API_VERSION.equals(version)) {
                // Another format entirely: its fields would only produce noise.
                String hint = version != null && version.startsWith("backstage.io/") ? " (convert Backstage files with the Backstage import)" : "";
                reader.report(apiVersion, "apiVersion '" + version + "' is not supported: use " + API_VERSION + hint);
                return null;
            }
        }
        Node kindNode = fields.get("kind");
        if (NodeReader.isEmpty(kindNode)) {
            reader.report(document, "kind is missing: add 'kind:' with one of " + Kind.known());
            return null;
        }
        String kindName = reader.string("kind", kindNode);
        Kind kind = Kind.fromYaml(kindName);
        if (kind == null) {
            if (kindName != null) {
                reader.report(kindNode, "unknown kind '" + kindName + "': use one of " + Kind.known());
            }
            return null;
        }
        String name = name(document, fields.get("metadata"), reader);
        Node specNode = fields.get("spec");
        Map<String, Node> spec = NodeReader.isEmpty(specNode) ? null : reader.fields("spec", specNode, SPEC_FIELDS.get(kind));
        if (JsonSpecReader.KINDS.contains(kind)) {
            // A spec that is not a mapping was reported; a missing one is read as empty, so "service is required".
            if (spec == null && !NodeReader.isEmpty(specNode)) {
                return null;
            }
            Object value = JsonSpecReader.read(kind, name, spec == null ? Map.of() : spec, specNode, document, reader);
            return value == null ? null : new ConfigObject(kind, name, value, reader.location(document), reader.fieldLocations());
        }
        Spec values = new Spec(spec == null ? Map.of() : spec, reader);
        Object value = switch (kind) {
            case TEAM -> new Team(name, values.title(name), values.string("description"), values.string("contactChannel"),
                    values.slugs("members"));
            case SYSTEM -> new CatalogSystem(name, values.title(name), values.string("description"), values.slug("owner"));
            case SERVICE -> service(name, values, reader);
            case USER, CHECK, HEARTBEAT, INTEGRATION, MAINTENANCE_WINDOW, SCHEDULE, ESCALATION_POLICY ->
                    throw new IllegalStateException("read above");
        };
        return new ConfigObject(kind, name, value, reader.location(document), reader.fieldLocations());
    }

    private static String name(Node document, Node metadata, NodeReader reader) {
        if (NodeReader.isEmpty(metadata)) {
            reader.report("metadata.name", document, "metadata.name is missing: add 'metadata:' with 'name: <slug>'");
            return null;
        }
        Map<String, Node> fields = reader.fields("metadata", metadata, List.of("name"));
        if (fields == null) {
            return null;
        }
        if (NodeReader.isEmpty(fields.get("name"))) {
            reader.report("metadata.name", metadata, "metadata.name is missing: add 'name: <slug>' under metadata");
            return null;
        }
        return reader.slug("metadata.name", fields.get("name"), true);
    }

    private static Service service(String name, Spec values, NodeReader reader) {
        Integer tier = reader.integer("tier", values.node("tier"), TIER_EXPECTATION);
        List<Link> links = new ArrayList<>();
        List<Node> linkNodes = reader.list("links", values.node("links"));
        for (int index = 0; index < linkNodes.size(); index++) {
            links.add(link("links[" + index + "]", linkNodes.get(index), reader));
        }
        List<Dependency> dependencies = new ArrayList<>();
        List<Node> dependencyNodes = reader.list("dependsOn", values.node("dependsOn"));
        for (int index = 0; index < dependencyNodes.size(); index++) {
            dependencies.add(dependency("dependsOn[" + index + "]", dependencyNodes.get(index), reader));
        }
        return new Service(name, values.title(name), values.string("description"), values.string("type"),
                tier == null ? 3 : tier,
                reader.choice("lifecycle", values.node("lifecycle"), Lifecycle::parse, "experimental, production or deprecated"),
                values.slug("owner"), values.slug("system"), reader.strings("tags", values.node("tags")), links, dependencies,
                values.slug("escalationPolicy"));
    }

    /** A bad link still yields a placeholder, so the links after it keep their index for later checks. */
    private static Link link(String field, Node node, NodeReader reader) {
        Map<String, Node> fields = reader.fields(field, node, LINK_FIELDS);
        if (fields == null) {
            return new Link(null, null, "");
        }
        String url = reader.string(field + ".url", fields.get("url"));
        if (url == null) {
            reader.report(field + ".url", node, field + ".url is required: add 'url: https://...'");
        }
        return new Link(reader.string(field + ".type", fields.get("type")), reader.string(field + ".title", fields.get("title")),
                url == null ? "" : url);
    }

    private static Dependency dependency(String field, Node node, NodeReader reader) {
        if (node instanceof ScalarNode) {
            String service = reader.slug(field, node, true);
            return new Dependency(service == null ? "" : service, DependencyKind.HARD);
        }
        if (!(node instanceof MappingNode)) {
            reader.report(field, node, field + " must be a service name or a mapping with service and kind (hard or soft)");
            return new Dependency("", DependencyKind.HARD);
        }
        Map<String, Node> fields = reader.fields(field, node, DEPENDENCY_FIELDS);
        String service = null;
        if (NodeReader.isEmpty(fields.get("service"))) {
            reader.report(field, node, field + ".service is required: add 'service: <service name>'");
        } else {
            service = reader.slug(field, fields.get("service"), true);
        }
        DependencyKind kind = reader.choice(field + ".kind", fields.get("kind"), DependencyKind::parse, "hard or soft");
        return new Dependency(service == null ? "" : service, kind);
    }

    /** The fields of one spec, read with the locations and problems going to the document's reader. */
    private record Spec(Map<String, Node> fields, NodeReader reader) {
        Node node(String field) {
            return fields.get(field);
        }

        String string(String field) {
            return reader.string(field, fields.get(field));
        }

        /**
         * The display title; an absent one defaults to the name, as people mostly name things once.
         * Without a valid name (already reported) a placeholder keeps "title is required" from piling on.
         */
        String title(String name) {
            String title = string("title");
            return title != null ? title : name != null ? name : "unnamed";
        }

        String slug(String field) {
            return reader.slug(field, fields.get(field), false);
        }

        List<String> slugs(String field) {
            List<String> values = new ArrayList<>();
            List<Node> items = reader.list(field, fields.get(field));
            for (int index = 0; index < items.size(); index++) {
                String value = reader.slug(field + "[" + index + "]", items.get(index), true);
                values.add(value == null ? "" : value);
            }
            return values;
        }
    }
}
