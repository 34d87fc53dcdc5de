package dev.andon.server.statuspage;

import dev.andon.server.statuspage.StatusPageStore.Maintenance;
import dev.andon.server.statuspage.StatusPageStore.MaintenanceUpdate;
import dev.andon.server.statuspage.StatusPageStore.PublicIncident;
import dev.andon.server.statuspage.StatusPageStore.PublicUpdate;
import dev.andon.server.statuspage.StatusSnapshot.ComponentView;
import dev.andon.statuspage.ComponentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Atlassian Statuspage public API v2 documents, field for field: ids as strings, ISO-8601
 * timestamps, nulls where Statuspage has nulls. Incident ids are prefixed "inc-" and maintenance ids
 * "mnt-" so the two never collide in one id space, as they do not in Statuspage.
 */
public final class StatusJson {
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The documents under /api/v2/, by file name. */
    static final List<String> FILES = List.of("summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json",
            "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json");

    private StatusJson() {}

    /** The document at {@code file} (one of {@link #FILES}), or null. */
    static String render(StatusSnapshot snapshot, String file) {
        Function<StatusSnapshot, ObjectNode> document = switch (file) {
            case "summary.json" -> StatusJson::summary;
            case "status.json" -> StatusJson::status;
            case "components.json" -> s -> withPage(s).set("components", components(s));
            case "incidents.json" -> s -> withPage(s).set("incidents", incidents(s, s.incidents()));
            case "incidents/unresolved.json" -> s -> withPage(s).set("incidents", incidents(s, s.unresolved()));
            case "scheduled-maintenances.json" -> s -> withPage(s).set("scheduled_maintenances", maintenances(s, s.maintenances()));
            case "scheduled-maintenances/upcoming.json" -> s -> withPage(s).set("scheduled_maintenances", maintenances(s, s.upcoming()));
            case "scheduled-maintenances/active.json" -> s -> withPage(s).set("scheduled_maintenances", maintenances(s, s.active()));
            default -> null;
        };
        return document == null ? null : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document.apply(snapshot));
    }

    static ObjectNode summary(StatusSnapshot snapshot) {
        ObjectNode root = withPage(snapshot);
        root.set("components", components(snapshot));
        root.set("incidents", incidents(snapshot, snapshot.unresolved()));
        List<Maintenance> current = new java.util.ArrayList<>(snapshot.active());
        current.addAll(snapshot.upcoming());
        root.set("scheduled_maintenances", maintenances(snapshot, current));
        root.set("status", indicator(snapshot));
        return root;
    }

    static ObjectNode status(StatusSnapshot snapshot) {
        ObjectNode root = withPage(snapshot);
        root.set("status", indicator(snapshot));
        return root;
    }

    private static ObjectNode withPage(StatusSnapshot snapshot) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode page = root.putObject("page");
        page.put("id", snapshot.page().slug());
        page.put("name", snapshot.page().title());
        page.put("url", snapshot.url());
        page.put("time_zone", snapshot.page().timeZone());
        page.put("updated_at", iso(snapshot.page().updatedAt()));
        return root;
    }

    private static ObjectNode indicator(StatusSnapshot snapshot) {
        ObjectNode status = JSON.createObjectNode();
        status.put("indicator", snapshot.indicator().indicator().text());
        status.put("description", snapshot.indicator().description());
        return status;
    }

    /** Components, and a group component for each group name (Statuspage's groups are components too). */
    private static ArrayNode components(StatusSnapshot snapshot) {
        ArrayNode array = JSON.createArrayNode();
        Map<String, List<ComponentView>> groups = new TreeMap<>();
        for (ComponentView view : snapshot.components()) {
            if (view.component().groupName() != null) {
                groups.computeIfAbsent(view.component().groupName(), key -> new java.util.ArrayList<>()).add(view);
            }
        }
        for (ComponentView view : snapshot.components()) {
            ObjectNode component = array.addObject();
            component.put("id", String.valueOf(view.component().id()));
            component.put("name", view.component().name());
            component.put("status", view.status().text());
            component.put("created_at", iso(view.component().createdAt()));
            component.put("updated_at", iso(view.component().updatedAt()));
            component.put("position", view.component().position());
            component.put("description", view.component().description().isEmpty() ? null : view.component().description());
            component.put("showcase", true);
            component.put("start_date", (String) null);
            component.put("group_id", view.component().groupName() == null ? null : groupId(view.component().groupName()));
            component.put("page_id", snapshot.page().slug());
            component.put("group", false);
            component.put("only_show_if_degraded", view.component().onlyShowIfDegraded());
        }
        for (Map.Entry<String, List<ComponentView>> group : groups.entrySet()) {
            ComponentStatus worst = ComponentStatus.OPERATIONAL;
            Instant created = null;
            Instant updated = null;
            int position = Integer.MAX_VALUE;
            ArrayNode members = JSON.createArrayNode();
            for (ComponentView view : group.getValue()) {
                worst = view.status().ordinal() > worst.ordinal() ? view.status() : worst;
                created = created == null || view.component().createdAt().isBefore(created) ? view.component().createdAt() : created;
                updated = updated == null || view.component().updatedAt().isAfter(updated) ? view.component().updatedAt() : updated;
                position = Math.min(position, view.component().position());
                members.add(String.valueOf(view.component().id()));
            }
            ObjectNode component = array.addObject();
            component.put("id", groupId(group.getKey()));
            component.put("name", group.getKey());
            component.put("status", worst.text());
            component.put("created_at", iso(created));
            component.put("updated_at", iso(updated));
            component.put("position", position);
            component.put("description", (String) null);
            component.put("showcase", false);
            component.put("start_date", (String) null);
            component.put("group_id", (String) null);
            component.put("page_id", snapshot.page().slug());
            component.put("group", true);
            component.put("only_show_if_degraded", false);
            component.set("components", members);
        }
        return array;
    }

    private static String groupId(String groupName) {
        return "group-" + groupName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static ArrayNode incidents(StatusSnapshot snapshot, List<PublicIncident> incidents) {
        ArrayNode array = JSON.createArrayNode();
        for (PublicIncident incident : incidents) {
            String id = "inc-" + incident.id();
            ObjectNode node = array.addObject();
            node.put("id", id);
            node.put("name", incident.name());
            node.put("status", incident.status().text());
            node.put("created_at", iso(incident.startedAt()));
            node.put("updated_at", iso(incident.updatedAt()));
            node.put("monitoring_at", iso(incident.monitoringAt()));
            node.put("resolved_at", iso(incident.resolvedAt()));
            node.put("impact", incident.impact().text());
            node.put("shortlink", snapshot.url() + "#" + id);
            node.put("started_at", iso(incident.startedAt()));
            node.put("page_id", snapshot.page().slug());
            ArrayNode updates = node.putArray("incident_updates");
            for (PublicUpdate update : incident.updates()) {
                ObjectNode entry = updates.addObject();
                entry.put("id", "upd-" + update.id());
                entry.put("status", update.status().text());
                entry.put("body", update.body());
                entry.put("incident_id", id);
                entry.put("created_at", iso(update.postedAt()));
                entry.put("updated_at", iso(update.postedAt()));
                entry.put("display_at", iso(update.postedAt()));
                ArrayNode affected = entry.putArray("affected_components");
                for (Long componentId : incident.componentIds()) {
                    ObjectNode component = affected.addObject();
                    component.put("code", String.valueOf(componentId));
                    component.put("name", snapshot.componentName(componentId));
                    component.put("old_status", snapshot.componentStatus(componentId).text());
                    component.put("new_status", snapshot.componentStatus(componentId).text());
                }
            }
            node.set("components", componentRefs(snapshot, incident.componentIds()));
        }
        return array;
    }

    private static ArrayNode maintenances(StatusSnapshot snapshot, List<Maintenance> maintenances) {
        ArrayNode array = JSON.createArrayNode();
        for (Maintenance maintenance : maintenances) {
            String id = "mnt-" + maintenance.id();
            ObjectNode node = array.addObject();
            node.put("id", id);
            node.put("name", maintenance.title());
            node.put("status", maintenance.status().text());
            node.put("created_at", iso(maintenance.createdAt()));
            node.put("updated_at", iso(maintenance.updatedAt()));
            node.put("monitoring_at", (String) null);
            node.put("resolved_at", maintenance.status() == dev.andon.statuspage.MaintenanceStatus.COMPLETED ? iso(maintenance.updatedAt()) : null);
            node.put("impact", "maintenance");
            node.put("shortlink", snapshot.url() + "#" + id);
            node.put("started_at", iso(maintenance.scheduledFor()));
            node.put("page_id", snapshot.page().slug());
            node.put("scheduled_for", iso(maintenance.scheduledFor()));
            node.put("scheduled_until", iso(maintenance.scheduledUntil()));
            ArrayNode updates = node.putArray("incident_updates");
            for (MaintenanceUpdate update : maintenance.updates()) {
                ObjectNode entry = updates.addObject();
                entry.put("id", "mupd-" + update.id());
                entry.put("status", update.status().text());
                entry.put("body", update.body());
                entry.put("incident_id", id);
                entry.put("created_at", iso(update.postedAt()));
                entry.put("updated_at", iso(update.postedAt()));
                entry.put("display_at", iso(update.postedAt()));
                ArrayNode affected = entry.putArray("affected_components");
                for (Long componentId : maintenance.componentIds()) {
                    ObjectNode component = affected.addObject();
                    component.put("code", String.valueOf(componentId));
                    component.put("name", snapshot.componentName(componentId));
                    component.put("old_status", ComponentStatus.OPERATIONAL.text());
                    component.put("new_status", update.status().active() ? ComponentStatus.UNDER_MAINTENANCE.text() : ComponentStatus.OPERATIONAL.text());
                }
            }
            node.set("components", componentRefs(snapshot, maintenance.componentIds()));
        }
        return array;
    }

    private static ArrayNode componentRefs(StatusSnapshot snapshot, List<Long> ids) {
        ArrayNode array = JSON.createArrayNode();
        for (ComponentView view : snapshot.components()) {
            if (ids.contains(view.component().id())) {
                ObjectNode component = array.addObject();
                component.put("id", String.valueOf(view.component().id()));
                component.put("name", view.component().name());
                component.put("status", view.status().text());
                component.put("created_at", iso(view.component().createdAt()));
                component.put("updated_at", iso(view.component().updatedAt()));
                component.put("position", view.component().position());
                component.put("description", view.component().description().isEmpty() ? null : view.component().description());
                component.put("showcase", true);
                component.put("group_id", view.component().groupName() == null ? null : groupId(view.component().groupName()));
                component.put("page_id", snapshot.page().slug());
                component.put("group", false);
                component.put("only_show_if_degraded", view.component().onlyShowIfDegraded());
            }
        }
        return array;
    }

    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
