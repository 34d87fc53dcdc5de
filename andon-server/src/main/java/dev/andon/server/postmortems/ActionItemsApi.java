package dev.andon.server.postmortems;

import dev.andon.catalog.CatalogException;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.catalog.CatalogService;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Action items under /api/v1/action-items: list (state open|overdue|closed|all, team, owner,
 * postmortem), read, create, change (PATCH) and delete. An item is addressed by its id (7 for
 * AI-7); dates are ISO days (2026-12-01), times ISO-8601 instants in UTC.
 */
@RestController
public class ActionItemsApi {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final Set<String> CREATE_FIELDS = Set.of("title", "description", "owner", "team", "dueDate", "priority", "type", "trackerUrl",
            "postmortemId");
    static final Set<String> CHANGE_FIELDS = Set.of("title", "description", "owner", "team", "dueDate", "priority", "type", "trackerUrl", "status");

    private final ActionItems items;
    private final PostmortemLibrary library;
    private final CatalogService catalog;

    public ActionItemsApi(ActionItems items, PostmortemLibrary library, CatalogService catalog) {
        this.items = items;
        this.library = library;
        this.catalog = catalog;
    }

    @GetMapping("/api/v1/action-items")
    public List<ObjectNode> list(@RequestParam(required = false) String state, @RequestParam(required = false) String team,
                                 @RequestParam(required = false) String owner, @RequestParam(required = false) Long postmortem) {
        if (team != null && !team.isBlank() && catalog.repository().team(team.strip()).isEmpty()) {
            throw InvalidParameter.of("team", "There is no team '" + team.strip() + "'; see /api/v1/teams");
        }
        if (owner != null && !owner.isBlank() && catalog.repository().user(owner.strip()).isEmpty()) {
            throw InvalidParameter.of("owner", "There is no user '" + owner.strip() + "'");
        }
        LocalDate today = items.today();
        return InvalidParameter.checked(() -> items.list(new ActionItems.Filter(state, strip(team), strip(owner), postmortem, null))).stream()
                .map(item -> json(item, today)).toList();
    }

    @GetMapping("/api/v1/action-items/{id}")
    public ObjectNode show(@PathVariable long id) {
        return json(items.require(id), items.today());
    }

    @PostMapping("/api/v1/action-items")
    public ResponseEntity<ObjectNode> create(@RequestBody ObjectNode body) {
        known(body, CREATE_FIELDS);
        Long postmortemId = null;
        if (body.hasNonNull("postmortemId")) {
            JsonNode id = body.path("postmortemId");
            if (!id.isIntegralNumber() && !(id.isString() && id.asString().strip().matches("\\d{1,18}"))) {
                throw new CatalogException(CatalogException.Code.INVALID, "postmortemId", "'" + id.asString() + "' is not the id of a postmortem");
            }
            postmortemId = id.isIntegralNumber() ? id.asLong() : Long.parseLong(id.asString().strip());
            if (!library.exists(postmortemId)) {
                throw new CatalogException(CatalogException.Code.INVALID, "postmortemId", "There is no postmortem " + postmortemId
                        + "; see /api/v1/postmortems");
            }
        }
        ActionItems.ActionItem created = items.create(CurrentUser.name(), postmortemId, null, null, new ActionItems.Draft(text(body, "title"),
                text(body, "description"), text(body, "owner"), text(body, "team"), date(body), text(body, "priority"), text(body, "type"),
                text(body, "trackerUrl")));
        return ResponseEntity.created(URI.create("/api/v1/action-items/" + created.id())).body(json(created, items.today()));
    }

    /** Changes the fields given; null clears the description, the team and the tracker link. */
    @PatchMapping("/api/v1/action-items/{id}")
    public ObjectNode change(@PathVariable long id, @RequestBody ObjectNode body) {
        items.require(id);
        known(body, CHANGE_FIELDS);
        ActionItems.ActionItem changed = items.change(CurrentUser.name(), id, new ActionItems.Change(text(body, "title"), clearable(body, "description"),
                text(body, "owner"), clearable(body, "team"), body.has("dueDate") ? requiredDate(body) : null, text(body, "priority"), text(body, "type"),
                clearable(body, "trackerUrl"), text(body, "status")));
        return json(changed, items.today());
    }

    @DeleteMapping("/api/v1/action-items/{id}")
    public ResponseEntity<Void> delete(@PathVariable long id) {
        items.delete(CurrentUser.name(), id);
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(InvalidParameter.class)
    ProblemDetail invalidParameter(InvalidParameter e) {
        return e.problem();
    }

    // --- shapes

    static ObjectNode json(ActionItems.ActionItem item, LocalDate today) {
        ObjectNode node = NODES.objectNode().put("id", item.id()).put("reference", item.reference()).put("title", item.title())
                .put("description", item.description()).put("owner", item.owner()).put("team", item.team())
                .put("dueDate", item.dueDate().toString()).put("priority", item.priority().key()).put("type", item.type().key())
                .put("trackerUrl", item.trackerUrl()).put("status", item.status().key()).put("overdue", item.overdue(today));
        node.put("postmortemId", item.postmortemId()).put("incident", item.incident()).put("premortemId", item.premortemId())
                .put("riskId", item.riskId());
        node.put("createdBy", item.createdBy());
        put(node, "createdAt", item.createdAt());
        put(node, "updatedAt", item.updatedAt());
        put(node, "closedAt", item.closedAt());
        return node;
    }

    private static void put(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }

    /** Refuses a field the resource does not have, so a misspelt one is not silently ignored. */
    private static void known(ObjectNode body, Set<String> fields) {
        for (var entry : body.properties()) {
            String name = entry.getKey();
            if (!fields.contains(name)) {
                throw new CatalogException(CatalogException.Code.INVALID, name, "is not a field of an action item; use "
                        + String.join(", ", fields.stream().sorted().toList()));
            }
        }
    }

    private static LocalDate date(JsonNode body) {
        String text = text(body, "dueDate");
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new CatalogException(CatalogException.Code.INVALID, "dueDate", "'" + text + "' is not a date such as 2026-12-01");
        }
    }

    private static LocalDate requiredDate(JsonNode body) {
        LocalDate date = date(body);
        if (date == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "dueDate", "cannot be cleared: every action item has a due date, such as 2026-12-01");
        }
        return date;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.path(field);
        return node.isMissingNode() || node.isNull() ? null : node.asString();
    }

    /** Null in the body clears the field (""), a missing field leaves it as it is (null). */
    private static String clearable(JsonNode body, String field) {
        return body.has(field) && body.get(field).isNull() ? "" : text(body, field);
    }

    private static String strip(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
