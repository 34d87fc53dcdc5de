package dev.andon.config;

import dev.andon.alerts.AlertFields;
import dev.andon.alerts.Integration;
import dev.andon.alerts.MaintenanceWindow;
import dev.andon.catalog.Catalog;
import dev.andon.catalog.CatalogRules;
import dev.andon.catalog.CatalogSystem;
import dev.andon.catalog.Dependency;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.checks.Check;
import dev.andon.checks.CheckFields;
import dev.andon.checks.Heartbeat;
import dev.andon.oncall.EscalationPolicy;
import dev.andon.oncall.EscalationTarget;
import dev.andon.oncall.OnCallFields;
import dev.andon.oncall.Schedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The catalog records, checks, heartbeats, integrations and maintenance windows seen through their
 * YAML field names, so the planner compares, the exporter writes and the checks locate exactly the
 * same fields the files declare.
 */
final class CatalogFields {
    private CatalogFields() {}

    /** A field that names another object, which must exist for the object to be stored. */
    record Reference(String field, Kind kind, String name) {}

    static Kind kindOf(Object value) {
        return switch (value) {
            case User user -> Kind.USER;
            case Team team -> Kind.TEAM;
            case CatalogSystem system -> Kind.SYSTEM;
            case Service service -> Kind.SERVICE;
            case Check check -> Kind.CHECK;
            case Heartbeat heartbeat -> Kind.HEARTBEAT;
            case Integration integration -> Kind.INTEGRATION;
            case MaintenanceWindow window -> Kind.MAINTENANCE_WINDOW;
            case Schedule schedule -> Kind.SCHEDULE;
            case EscalationPolicy policy -> Kind.ESCALATION_POLICY;
            default -> throw new IllegalArgumentException("not a catalog object: " + value);
        };
    }

    static String name(Object value) {
        return switch (value) {
            case User user -> user.username();
            case Team team -> team.slug();
            case CatalogSystem system -> system.slug();
            case Service service -> service.slug();
            case Check check -> check.slug();
            case Heartbeat heartbeat -> heartbeat.slug();
            case Integration integration -> integration.slug();
            case MaintenanceWindow window -> window.slug();
            case Schedule schedule -> schedule.slug();
            case EscalationPolicy policy -> policy.slug();
            default -> throw new IllegalArgumentException("not a catalog object: " + value);
        };
    }

    static List<?> objects(Catalog catalog, Kind kind) {
        return switch (kind) {
            case USER -> catalog.users();
            case TEAM -> catalog.teams();
            case SYSTEM -> catalog.systems();
            case SERVICE -> catalog.services();
            case CHECK -> catalog.checks();
            case HEARTBEAT -> catalog.heartbeats();
            case INTEGRATION -> catalog.integrations();
            case MAINTENANCE_WINDOW -> catalog.maintenanceWindows();
            case SCHEDULE -> catalog.schedules();
            case ESCALATION_POLICY -> catalog.escalationPolicies();
        };
    }

    /**
     * The spec fields in the order the files write them; lifecycle and role as their YAML words. A
     * check's probe settings are a nested map ({@code http: {url: ..., expectedStatus: [...]}}).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fields(Object value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (value) {
            case User user -> {
                fields.put("displayName", user.displayName());
                fields.put("email", user.email());
                fields.put("role", user.role().wireName());
                // Left out when empty, as most files (and every file before paging existed) leave them out.
                if (!user.contactMethods().isEmpty()) {
                    fields.put("contactMethods", plain(OnCallFields.json(user.contactMethods(), true), 1));
                }
                if (!user.notificationRules().isEmpty()) {
                    fields.put("notificationRules", plain(OnCallFields.rulesJson(user.notificationRules()), 1));
                }
            }
            case Team team -> {
                fields.put("title", team.name());
                fields.put("description", team.description());
                fields.put("contactChannel", team.contactChannel());
                fields.put("members", team.members());
            }
            case CatalogSystem system -> {
                fields.put("title", system.name());
                fields.put("description", system.description());
                fields.put("owner", system.ownerTeam());
            }
            case Service service -> {
                fields.put("title", service.name());
                fields.put("description", service.description());
                fields.put("type", service.type());
                fields.put("tier", service.tier());
                fields.put("lifecycle", service.lifecycle().wireName());
                fields.put("owner", service.ownerTeam());
                fields.put("system", service.system());
                fields.put("tags", service.tags());
                fields.put("links", service.links());
                fields.put("dependsOn", service.dependencies());
                if (service.escalationPolicy() != null) {
                    fields.put("escalationPolicy", service.escalationPolicy());
                }
            }
            // The API's own vocabulary, so a check reads the same in YAML, JSON and the plan.
            case Check check -> fields.putAll((Map<String, Object>) plain(CheckFields.json(check), 0));
            case Heartbeat heartbeat -> fields.putAll((Map<String, Object>) plain(CheckFields.json(heartbeat), 0));
            // Defaults left out, as people leave them out of the files.
            case Integration integration -> fields.putAll((Map<String, Object>) plain(AlertFields.json(integration), 0));
            case MaintenanceWindow window -> fields.putAll((Map<String, Object>) plain(AlertFields.json(window), 0));
            case Schedule schedule -> fields.putAll((Map<String, Object>) plain(OnCallFields.json(schedule), 0));
            case EscalationPolicy policy -> fields.putAll((Map<String, Object>) plain(OnCallFields.json(policy), 0));
            default -> throw new IllegalArgumentException("not a catalog object: " + value);
        }
        return fields;
    }

    /**
     * A JSON value as plain Java values for YAML and comparison. Inside a check's probe settings, a
     * setting with no value (null, an empty list or mapping) is left out, as the files leave it out.
     */
    private static Object plain(JsonNode node, int depth) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                JsonNode child = property.getValue();
                if (depth == 0 || !(child.isNull() || (child.isContainer() && child.isEmpty()))) {
                    map.put(property.getKey(), plain(child, depth + 1));
                }
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item, depth + 1)));
            return list;
        }
        if (node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        return node.isNumber() ? node.numberValue() : node.asString();
    }

    static List<Reference> references(Object value) {
        List<Reference> references = new ArrayList<>();
        switch (value) {
            case Team team -> {
                for (int index = 0; index < team.members().size(); index++) {
                    references.add(new Reference("members[" + index + "]", Kind.USER, team.members().get(index)));
                }
            }
            case CatalogSystem system -> references.add(new Reference("owner", Kind.TEAM, system.ownerTeam()));
            case Service service -> {
                references.add(new Reference("owner", Kind.TEAM, service.ownerTeam()));
                references.add(new Reference("system", Kind.SYSTEM, service.system()));
                references.add(new Reference("escalationPolicy", Kind.ESCALATION_POLICY, service.escalationPolicy()));
                List<Dependency> dependencies = service.dependencies();
                for (int index = 0; index < dependencies.size(); index++) {
                    references.add(new Reference("dependsOn[" + index + "]", Kind.SERVICE, dependencies.get(index).service()));
                }
            }
            case Check check -> references.add(new Reference("service", Kind.SERVICE, check.service()));
            case Heartbeat heartbeat -> references.add(new Reference("service", Kind.SERVICE, heartbeat.service()));
            case Integration integration -> references.add(new Reference("service", Kind.SERVICE, integration.service()));
            case MaintenanceWindow window -> {
                for (int index = 0; index < window.services().size(); index++) {
                    references.add(new Reference("services[" + index + "]", Kind.SERVICE, window.services().get(index)));
                }
            }
            case Schedule schedule -> {
                references.add(new Reference("team", Kind.TEAM, schedule.team()));
                for (int layer = 0; layer < schedule.layers().size(); layer++) {
                    List<String> users = schedule.layers().get(layer).users();
                    for (int index = 0; index < users.size(); index++) {
                        references.add(new Reference("layers[" + layer + "].users[" + index + "]", Kind.USER, users.get(index)));
                    }
                }
            }
            case EscalationPolicy policy -> {
                references.add(new Reference("team", Kind.TEAM, policy.team()));
                for (int tier = 0; tier < policy.tiers().size(); tier++) {
                    List<EscalationTarget> targets = policy.tiers().get(tier).targets();
                    for (int index = 0; index < targets.size(); index++) {
                        EscalationTarget target = targets.get(index);
                        boolean user = target.kind() == EscalationTarget.Kind.USER;
                        references.add(new Reference("tiers[" + tier + "].targets[" + index + "]." + (user ? "user" : "schedule"),
                                user ? Kind.USER : Kind.SCHEDULE, target.name()));
                    }
                }
            }
            default -> { }
        }
        references.removeIf(reference -> reference.name() == null || reference.name().isEmpty());
        return references;
    }

    /**
     * The catalog rules for an object, with each problem's field renamed to the YAML field it comes
     * from ("slug" is metadata.name, "name" is title).
     */
    static List<CatalogRules.Problem> check(Object value) {
        List<CatalogRules.Problem> problems = switch (value) {
            case User user -> CatalogRules.check(user);
            case Team team -> CatalogRules.check(team);
            case CatalogSystem system -> CatalogRules.check(system);
            case Service service -> CatalogRules.check(service);
            // Checked by their own rules while they were read: CheckFields and AlertFields refuse what is not valid.
            case Check check -> List.of();
            case Heartbeat heartbeat -> List.of();
            case Integration integration -> List.of();
            case MaintenanceWindow window -> List.of();
            case Schedule schedule -> List.of();
            case EscalationPolicy policy -> List.of();
            default -> throw new IllegalArgumentException("not a catalog object: " + value);
        };
        return problems.stream().map(problem -> new CatalogRules.Problem(switch (problem.field()) {
            case "slug", "username" -> "metadata.name";
            case "name" -> "title";
            default -> problem.field();
        }, problem.message())).toList();
    }
}
