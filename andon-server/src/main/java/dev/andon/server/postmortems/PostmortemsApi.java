package dev.andon.server.postmortems;

import dev.andon.catalog.CatalogException;
import dev.andon.postmortems.BlamelessChecker;
import dev.andon.postmortems.PostmortemSection;
import dev.andon.postmortems.PostmortemStatus;
import dev.andon.server.access.CurrentUser;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One postmortem under /api/v1/postmortems/{id}: read, edit sections, the timeline, contributing
 * factors, the blameless-language flags, review comments, the workflow and the exports
 * (Markdown, PDF). The library search is GET /api/v1/postmortems.
 */
@RestController
public class PostmortemsApi {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Postmortems postmortems;
    private final ActionItems actionItems;
    private final Clock clock;

    public PostmortemsApi(Postmortems postmortems, ActionItems actionItems, Clock clock) {
        this.postmortems = postmortems;
        this.actionItems = actionItems;
        this.clock = clock;
    }

    /** Starts the postmortem of an incident (any severity), or answers the one it has. */
    @PostMapping("/api/v1/incidents/{number}/postmortem")
    public ResponseEntity<ObjectNode> start(@PathVariable long number) {
        boolean existed = postmortems.forIncident(number).isPresent();
        Postmortems.Postmortem postmortem = postmortems.start(CurrentUser.name(), number);
        return ResponseEntity.status(existed ? 200 : 201).location(URI.create("/api/v1/postmortems/" + postmortem.id())).body(full(postmortem));
    }

    @GetMapping("/api/v1/incidents/{number}/postmortem")
    public ObjectNode ofIncident(@PathVariable long number) {
        return full(postmortems.forIncident(number).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "number",
                "INC-" + number + " has no postmortem yet; POST to this address to start one")));
    }

    @GetMapping("/api/v1/postmortems/{id}")
    public ObjectNode show(@PathVariable long id) {
        return full(postmortems.require(id));
    }

    /** Changes title, sections (by key), tags, owner, facilitator, reviewers. */
    @PatchMapping("/api/v1/postmortems/{id}")
    public ObjectNode change(@PathVariable long id, @RequestBody ObjectNode body) {
        Map<PostmortemSection, String> sections = new EnumMap<>(PostmortemSection.class);
        JsonNode given = body.has("sections") ? body.path("sections") : body;
        for (PostmortemSection section : PostmortemSection.TEXT) {
            if (given.hasNonNull(section.key())) {
                sections.put(section, given.path(section.key()).asString());
            }
        }
        if (body.has("sections")) {
            for (String name : body.path("sections").propertyNames()) {
                PostmortemSection section = PostmortemSection.parse(name);
                if (section == null || !PostmortemSection.TEXT.contains(section)) {
                    throw new CatalogException(CatalogException.Code.INVALID, "sections." + name, "is not a text section; one of "
                            + String.join(", ", PostmortemSection.TEXT.stream().map(PostmortemSection::key).toList()));
                }
            }
        }
        return full(postmortems.change(CurrentUser.name(), id, new Postmortems.Change(text(body, "title"), sections,
                body.has("tags") ? strings(body, "tags") : null, text(body, "owner"), body.has("facilitator") ? body.path("facilitator").asString("") : null,
                body.has("reviewers") ? strings(body, "reviewers") : null)));
    }

    @GetMapping("/api/v1/postmortems/{id}/flags")
    public List<ObjectNode> flags(@PathVariable long id) {
        return postmortems.flags(id).stream().map(PostmortemsApi::flag).toList();
    }

    @PostMapping("/api/v1/postmortems/{id}/timeline")
    public ResponseEntity<ObjectNode> addTimeline(@PathVariable long id, @RequestBody ObjectNode body) {
        Postmortems.TimelineEntry entry = postmortems.addTimelineEntry(CurrentUser.name(), id, instant("at", text(body, "at")), text(body, "body"));
        return ResponseEntity.status(201).body(timeline(entry));
    }

    @PatchMapping("/api/v1/postmortems/{id}/timeline/{entry}")
    public ResponseEntity<Void> editTimeline(@PathVariable long id, @PathVariable long entry, @RequestBody ObjectNode body) {
        postmortems.editTimelineEntry(CurrentUser.name(), id, entry, body.hasNonNull("at") ? instant("at", text(body, "at")) : null, text(body, "body"));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/v1/postmortems/{id}/timeline/{entry}")
    public ResponseEntity<Void> deleteTimeline(@PathVariable long id, @PathVariable long entry) {
        postmortems.deleteTimelineEntry(CurrentUser.name(), id, entry);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/postmortems/{id}/factors")
    public ResponseEntity<ObjectNode> addFactor(@PathVariable long id, @RequestBody ObjectNode body) {
        Postmortems.Factor factor = postmortems.saveFactor(CurrentUser.name(), id, null, text(body, "type"), text(body, "description"), strings(body, "whys"));
        return ResponseEntity.status(201).body(factor(factor));
    }

    @PutMapping("/api/v1/postmortems/{id}/factors/{factor}")
    public ObjectNode saveFactor(@PathVariable long id, @PathVariable long factor, @RequestBody ObjectNode body) {
        return factor(postmortems.saveFactor(CurrentUser.name(), id, factor, text(body, "type"), text(body, "description"), strings(body, "whys")));
    }

    @DeleteMapping("/api/v1/postmortems/{id}/factors/{factor}")
    public ResponseEntity<Void> deleteFactor(@PathVariable long id, @PathVariable long factor) {
        postmortems.deleteFactor(CurrentUser.name(), id, factor);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/postmortems/{id}/comments")
    public ResponseEntity<ObjectNode> comment(@PathVariable long id, @RequestBody ObjectNode body) {
        return ResponseEntity.status(201).body(comment(postmortems.comment(CurrentUser.name(), id, text(body, "section"), text(body, "body"))));
    }

    @PostMapping("/api/v1/postmortems/{id}/comments/{comment}/resolve")
    public ResponseEntity<Void> resolve(@PathVariable long id, @PathVariable long comment) {
        postmortems.resolveComment(CurrentUser.name(), id, comment);
        return ResponseEntity.noContent().build();
    }

    /** {"status": "in_review" | "draft" | "published", "overrideReason": "..."}; 409 with the flags' count when they block publishing. */
    @PostMapping("/api/v1/postmortems/{id}/status")
    public ObjectNode move(@PathVariable long id, @RequestBody ObjectNode body) {
        String status = text(body, "status");
        PostmortemStatus next = PostmortemStatus.parse(status);
        if (next == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "status",
                    (status == null ? "is required" : "'" + status + "' is not valid") + ": one of draft, in_review, published");
        }
        return full(postmortems.move(CurrentUser.name(), id, next, text(body, "overrideReason")));
    }

    @GetMapping(value = "/api/v1/postmortems/{id}/export.md", produces = "text/markdown;charset=UTF-8")
    public ResponseEntity<String> markdown(@PathVariable long id) {
        PostmortemExport.Document document = document(id);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName(document) + ".md\"")
                .contentType(MediaType.parseMediaType("text/markdown;charset=UTF-8")).body(PostmortemExport.markdown(document));
    }

    @GetMapping(value = "/api/v1/postmortems/{id}/export.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    public ResponseEntity<byte[]> pdf(@PathVariable long id) {
        PostmortemExport.Document document = document(id);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName(document) + ".pdf\"")
                .contentType(MediaType.APPLICATION_PDF).body(PostmortemExport.pdf(document));
    }

    PostmortemExport.Document document(long id) {
        Postmortems.Postmortem postmortem = postmortems.require(id);
        return new PostmortemExport.Document(postmortem, postmortems.timeline(id), postmortems.factors(id),
                actionItems.list(new ActionItems.Filter("all", null, null, id, null)));
    }

    static String fileName(PostmortemExport.Document document) {
        return "postmortem-" + document.postmortem().incidentReference().toLowerCase();
    }

    // --- JSON

    private ObjectNode full(Postmortems.Postmortem postmortem) {
        ObjectNode node = summary(postmortem, clock.instant());
        ObjectNode sections = node.putObject("sections");
        for (PostmortemSection section : PostmortemSection.TEXT) {
            sections.put(section.key(), postmortem.section(section));
        }
        ArrayNode timeline = node.putArray("timeline");
        postmortems.timeline(postmortem.id()).forEach(entry -> timeline.add(timeline(entry)));
        ArrayNode factors = node.putArray("factors");
        postmortems.factors(postmortem.id()).forEach(factor -> factors.add(factor(factor)));
        ArrayNode comments = node.putArray("comments");
        postmortems.comments(postmortem.id()).forEach(comment -> comments.add(comment(comment)));
        ArrayNode flags = node.putArray("flags");
        postmortems.flags(postmortem.id()).forEach(flag -> flags.add(flag(flag)));
        ArrayNode items = node.putArray("actionItems");
        actionItems.list(new ActionItems.Filter("all", null, null, postmortem.id(), null)).forEach(item -> items.addObject()
                .put("id", item.id()).put("title", item.title()).put("owner", item.owner()).put("dueDate", item.dueDate().toString())
                .put("status", item.status().key()));
        return node;
    }

    static ObjectNode summary(Postmortems.Postmortem postmortem, Instant now) {
        ObjectNode node = NODES.objectNode().put("id", postmortem.id()).put("incident", postmortem.incident())
                .put("incidentReference", postmortem.incidentReference()).put("title", postmortem.title()).put("status", postmortem.status().key())
                .put("severity", postmortem.severity() == null ? null : postmortem.severity().name()).put("owner", postmortem.owner())
                .put("facilitator", postmortem.facilitator()).put("dueAt", postmortem.dueAt().toString())
                .put("overdue", postmortem.overdue(now))
                .put("publishedAt", postmortem.publishedAt() == null ? null : postmortem.publishedAt().toString())
                .put("publishedBy", postmortem.publishedBy()).put("overrideReason", postmortem.overrideReason())
                .put("createdAt", postmortem.createdAt().toString()).put("updatedAt", postmortem.updatedAt().toString());
        node.putArray("services").addAll(postmortem.services().stream().map(NODES::stringNode).toList());
        node.putArray("tags").addAll(postmortem.tags().stream().map(NODES::stringNode).toList());
        node.putArray("reviewers").addAll(postmortem.reviewers().stream().map(NODES::stringNode).toList());
        return node;
    }

    static ObjectNode timeline(Postmortems.TimelineEntry entry) {
        return NODES.objectNode().put("id", entry.id()).put("at", entry.at().toString()).put("source", entry.source()).put("kind", entry.kind())
                .put("actor", entry.actor()).put("body", entry.body());
    }

    static ObjectNode factor(Postmortems.Factor factor) {
        ObjectNode node = NODES.objectNode().put("id", factor.id()).put("type", factor.type().key()).put("description", factor.description());
        node.putArray("whys").addAll(factor.whys().stream().map(NODES::stringNode).toList());
        return node;
    }

    static ObjectNode comment(Postmortems.Comment comment) {
        return NODES.objectNode().put("id", comment.id()).put("section", comment.section()).put("author", comment.author()).put("body", comment.body())
                .put("createdAt", comment.createdAt().toString()).put("resolvedAt", comment.resolvedAt() == null ? null : comment.resolvedAt().toString())
                .put("resolvedBy", comment.resolvedBy());
    }

    static ObjectNode flag(BlamelessChecker.Flag flag) {
        return NODES.objectNode().put("section", flag.section()).put("line", flag.line()).put("column", flag.column()).put("phrase", flag.phrase())
                .put("rule", flag.rule()).put("message", flag.message()).put("suggestion", flag.suggestion());
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    private static List<String> strings(JsonNode body, String field) {
        List<String> values = new ArrayList<>();
        JsonNode array = body.path(field);
        if (array.isMissingNode() || array.isNull()) {
            return values;
        }
        if (!array.isArray()) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "must be a list of strings");
        }
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "is required: an ISO-8601 time such as 2026-03-01T10:00:00Z");
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "'" + text + "' is not an ISO-8601 time such as 2026-03-01T10:00:00Z");
        }
    }
}
