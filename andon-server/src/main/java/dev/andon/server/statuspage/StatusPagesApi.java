package dev.andon.server.statuspage;

import dev.andon.catalog.CatalogException;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.statuspage.StatusPageService.ComponentFields;
import dev.andon.server.statuspage.StatusPageService.MaintenanceFields;
import dev.andon.server.statuspage.StatusPageService.PageFields;
import dev.andon.server.statuspage.StatusPageStore.Maintenance;
import dev.andon.server.statuspage.StatusPageStore.MaintenanceUpdate;
import dev.andon.server.statuspage.StatusPageStore.Page;
import dev.andon.server.statuspage.StatusPageStore.StatusComponent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Managing status pages under /api/v1/status-pages: pages, components, overrides, maintenances and webhook subscribers (snake_case fields). */
@RestController
@RequestMapping("/api/v1/status-pages")
public class StatusPagesApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final StatusPageService service;
    private final StatusPages pages;

    public StatusPagesApi(StatusPageService service, StatusPages pages) {
        this.service = service;
        this.pages = pages;
    }

    @GetMapping
    public List<ObjectNode> list() {
        return service.store().pages().stream().map(StatusPagesApi::page).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public ObjectNode create(@RequestBody JsonNode body) {
        return detail(service.createPage(pageFields(body, text(body, "slug"))));
    }

    @GetMapping("/{slug}")
    public ObjectNode show(@PathVariable String slug) {
        return detail(service.store().require(slug));
    }

    @PutMapping("/{slug}")
    public ObjectNode update(@PathVariable String slug, @RequestBody JsonNode body) {
        return detail(service.updatePage(slug, pageFields(body, slug)));
    }

    @DeleteMapping("/{slug}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String slug) {
        service.deletePage(slug);
    }

    @PostMapping("/{slug}/components")
    @ResponseStatus(HttpStatus.CREATED)
    public ObjectNode createComponent(@PathVariable String slug, @RequestBody JsonNode body) {
        return component(service.createComponent(slug, componentFields(body)));
    }

    @PutMapping("/{slug}/components/{id}")
    public ObjectNode updateComponent(@PathVariable String slug, @PathVariable long id, @RequestBody JsonNode body) {
        return component(service.updateComponent(slug, id, componentFields(body)));
    }

    @DeleteMapping("/{slug}/components/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void deleteComponent(@PathVariable String slug, @PathVariable long id) {
        service.deleteComponent(slug, id);
    }

    /** Sets a manual status: {"status": "major_outage", "reason": "...", "until": "2026-01-01T00:00:00Z"}. */
    @PutMapping("/{slug}/components/{id}/override")
    public ObjectNode override(@PathVariable String slug, @PathVariable long id, @RequestBody JsonNode body) {
        String status = text(body, "status");
        if (status == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "status", "status is required (DELETE the override to lift it)");
        }
        return component(service.override(slug, id, status, CurrentUser.name(), text(body, "reason"), time(body, "until")));
    }

    @DeleteMapping("/{slug}/components/{id}/override")
    public ObjectNode liftOverride(@PathVariable String slug, @PathVariable long id) {
        return component(service.override(slug, id, null, null, null, null));
    }

    @GetMapping("/{slug}/maintenances")
    public List<ObjectNode> maintenances(@PathVariable String slug) {
        return service.store().maintenances(service.store().require(slug).id()).stream().map(StatusPagesApi::maintenance).toList();
    }

    @PostMapping("/{slug}/maintenances")
    @ResponseStatus(HttpStatus.CREATED)
    public ObjectNode createMaintenance(@PathVariable String slug, @RequestBody JsonNode body) {
        return maintenance(service.createMaintenance(slug, maintenanceFields(body)));
    }

    @PutMapping("/{slug}/maintenances/{id}")
    public ObjectNode updateMaintenance(@PathVariable String slug, @PathVariable long id, @RequestBody JsonNode body) {
        return maintenance(service.updateMaintenance(slug, id, maintenanceFields(body)));
    }

    /** Posts an update: {"status": "in_progress", "body": "..."}. */
    @PostMapping("/{slug}/maintenances/{id}/updates")
    @ResponseStatus(HttpStatus.CREATED)
    public ObjectNode postMaintenanceUpdate(@PathVariable String slug, @PathVariable long id, @RequestBody JsonNode body) {
        return maintenance(service.postMaintenanceUpdate(slug, id, text(body, "status"), text(body, "body")));
    }

    @DeleteMapping("/{slug}/maintenances/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void deleteMaintenance(@PathVariable String slug, @PathVariable long id) {
        service.deleteMaintenance(slug, id);
    }

    /** Webhook subscribers: each public incident update and maintenance notice is POSTed to them as JSON. */
    @GetMapping("/{slug}/webhooks")
    public List<ObjectNode> webhooks(@PathVariable String slug) {
        return service.subscribers().webhooks(service.store().require(slug).id()).stream().map(StatusPagesApi::webhook).toList();
    }

    /** Adds one: {"url": "https://...", "secret": "optional, signs each delivery"}. */
    @PostMapping("/{slug}/webhooks")
    @ResponseStatus(HttpStatus.CREATED)
    public ObjectNode addWebhook(@PathVariable String slug, @RequestBody JsonNode body) {
        return webhook(service.subscribers().addWebhook(slug, text(body, "url"), text(body, "secret"), service.store()));
    }

    @DeleteMapping("/{slug}/webhooks/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void deleteWebhook(@PathVariable String slug, @PathVariable long id) {
        service.subscribers().deleteWebhook(service.store().require(slug).id(), id);
    }

    /** The secret itself is never sent back. */
    private static ObjectNode webhook(StatusSubscribers.Subscriber webhook) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", webhook.id());
        node.put("url", webhook.address());
        node.put("signed", webhook.secret() != null);
        node.put("created_at", webhook.createdAt().toString());
        return node;
    }

    private static PageFields pageFields(JsonNode body, String slug) {
        return new PageFields(slug, text(body, "title"), text(body, "description"), text(body, "public_url"), text(body, "time_zone"),
                !body.has("listed") || body.path("listed").asBoolean(true));
    }

    private static ComponentFields componentFields(JsonNode body) {
        return new ComponentFields(text(body, "name"), text(body, "description"), text(body, "group_name"),
                body.hasNonNull("position") ? body.path("position").asInt() : null, text(body, "service"), body.path("only_show_if_degraded").asBoolean(false));
    }

    private static MaintenanceFields maintenanceFields(JsonNode body) {
        List<Long> components = new ArrayList<>();
        for (JsonNode id : body.path("component_ids")) {
            components.add(id.asLong());
        }
        return new MaintenanceFields(text(body, "title"), text(body, "body"), time(body, "scheduled_for"), time(body, "scheduled_until"),
                text(body, "status"), components);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Instant time(JsonNode body, String field) {
        String text = text(body, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new CatalogException(CatalogException.Code.INVALID, field, field + " must be an ISO-8601 time with an offset, e.g. 2026-03-01T22:00:00Z");
        }
    }

    private static ObjectNode page(Page page) {
        ObjectNode node = JSON.createObjectNode();
        node.put("slug", page.slug());
        node.put("title", page.title());
        node.put("description", page.description());
        node.put("public_url", page.publicUrl());
        node.put("time_zone", page.timeZone());
        node.put("listed", page.listed());
        node.put("created_at", page.createdAt().toString());
        node.put("updated_at", page.updatedAt().toString());
        return node;
    }

    private ObjectNode detail(Page page) {
        ObjectNode node = page(page);
        StatusSnapshot snapshot = pages.snapshot(page);
        node.put("indicator", snapshot.indicator().indicator().text());
        node.put("description_of_status", snapshot.indicator().description());
        ArrayNode components = node.putArray("components");
        for (StatusSnapshot.ComponentView view : snapshot.components()) {
            components.add(component(view.component()).put("status", view.status().text()));
        }
        return node;
    }

    private static ObjectNode component(StatusComponent component) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", component.id());
        node.put("name", component.name());
        node.put("description", component.description());
        node.put("group_name", component.groupName());
        node.put("position", component.position());
        node.put("service", component.serviceSlug());
        node.put("only_show_if_degraded", component.onlyShowIfDegraded());
        if (component.override() != null) {
            ObjectNode override = node.putObject("override");
            override.put("status", component.override().text());
            override.put("by", component.overrideBy());
            override.put("reason", component.overrideReason());
            override.put("until", component.overrideUntil() == null ? null : component.overrideUntil().toString());
        } else {
            node.putNull("override");
        }
        return node;
    }

    private static ObjectNode maintenance(Maintenance maintenance) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", maintenance.id());
        node.put("title", maintenance.title());
        node.put("body", maintenance.body());
        node.put("scheduled_for", maintenance.scheduledFor().toString());
        node.put("scheduled_until", maintenance.scheduledUntil().toString());
        node.put("status", maintenance.status().text());
        ArrayNode components = node.putArray("component_ids");
        maintenance.componentIds().forEach(components::add);
        ArrayNode updates = node.putArray("updates");
        for (MaintenanceUpdate update : maintenance.updates()) {
            updates.addObject().put("id", update.id()).put("status", update.status().text()).put("body", update.body())
                    .put("posted_at", update.postedAt().toString());
        }
        return node;
    }
}
