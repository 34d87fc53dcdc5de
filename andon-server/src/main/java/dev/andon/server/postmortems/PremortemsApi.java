package dev.andon.server.postmortems;

import dev.andon.catalog.CatalogException;
import dev.andon.postmortems.PremortemRules;
import dev.andon.server.access.CurrentUser;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
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
 * Pre-mortems under /api/v1/premortems: open one, write risks (privately until the reveal), reveal,
 * merge, close, turn risks into mitigations (action items) and link them to incidents they foresaw.
 * What a caller sees of the risks follows the privacy rule: before the reveal, only their own.
 */
@RestController
public class PremortemsApi {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Premortems premortems;
    private final Clock clock;

    public PremortemsApi(Premortems premortems, Clock clock) {
        this.premortems = premortems;
        this.clock = clock;
    }

    @GetMapping("/api/v1/premortems")
    public List<ObjectNode> list() {
        Instant now = clock.instant();
        return premortems.list(500).stream().map(premortem -> json(premortem, now)).toList();
    }

    @PostMapping("/api/v1/premortems")
    public ResponseEntity<ObjectNode> create(@RequestBody ObjectNode body) {
        Integer timeBox = null;
        if (body.hasNonNull("timeBoxMinutes")) {
            if (!body.path("timeBoxMinutes").canConvertToInt()) {
                throw new CatalogException(CatalogException.Code.INVALID, "timeBoxMinutes", "'" + body.path("timeBoxMinutes").asString()
                        + "' is not a number of minutes");
            }
            timeBox = body.path("timeBoxMinutes").asInt();
        }
        Premortems.Premortem created = premortems.create(CurrentUser.name(), new Premortems.Draft(text(body, "title"), text(body, "launch"),
                date("launchDate", text(body, "launchDate")), strings(body, "services"), text(body, "facilitator"), strings(body, "participants"),
                timeBox));
        return ResponseEntity.created(URI.create("/api/v1/premortems/" + created.id())).body(json(created, clock.instant()));
    }

    /** One pre-mortem with the risks the caller may see, and after the reveal the tally, suggested merges and mitigations. */
    @GetMapping("/api/v1/premortems/{id}")
    public ObjectNode show(@PathVariable long id) {
        return json(premortems.board(id, CurrentUser.name()), CurrentUser.name());
    }

    @PostMapping("/api/v1/premortems/{id}/participants")
    public ObjectNode addParticipants(@PathVariable long id, @RequestBody ObjectNode body) {
        return json(premortems.addParticipants(CurrentUser.name(), id, strings(body, "participants")), clock.instant());
    }

    @PostMapping("/api/v1/premortems/{id}/risks")
    public ResponseEntity<ObjectNode> addRisk(@PathVariable long id, @RequestBody ObjectNode body) {
        Premortems.Risk risk = premortems.addRisk(CurrentUser.name(), id, text(body, "body"));
        return ResponseEntity.created(URI.create("/api/v1/premortems/" + id + "/risks/" + risk.id())).body(json(risk, CurrentUser.name()));
    }

    @PutMapping("/api/v1/premortems/{id}/risks/{riskId}")
    public ObjectNode editRisk(@PathVariable long id, @PathVariable long riskId, @RequestBody ObjectNode body) {
        return json(premortems.editRisk(CurrentUser.name(), id, riskId, text(body, "body")), CurrentUser.name());
    }

    @DeleteMapping("/api/v1/premortems/{id}/risks/{riskId}")
    public ResponseEntity<Void> deleteRisk(@PathVariable long id, @PathVariable long riskId) {
        premortems.deleteRisk(CurrentUser.name(), id, riskId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/premortems/{id}/reveal")
    public ObjectNode reveal(@PathVariable long id) {
        premortems.reveal(CurrentUser.name(), id);
        return show(id);
    }

    /** Body: {"risk": 12, "into": 7}: risk 12 says the same as risk 7. */
    @PostMapping("/api/v1/premortems/{id}/merge")
    public ObjectNode merge(@PathVariable long id, @RequestBody ObjectNode body) {
        premortems.merge(CurrentUser.name(), id, number(body, "risk"), number(body, "into"));
        return show(id);
    }

    @PostMapping("/api/v1/premortems/{id}/risks/{riskId}/unmerge")
    public ObjectNode unmerge(@PathVariable long id, @PathVariable long riskId) {
        premortems.unmerge(CurrentUser.name(), id, riskId);
        return show(id);
    }

    @PostMapping("/api/v1/premortems/{id}/close")
    public ObjectNode close(@PathVariable long id) {
        premortems.close(CurrentUser.name(), id);
        return show(id);
    }

    /** A mitigation of a risk: an action item with an owner, a due date, a priority and a type. */
    @PostMapping("/api/v1/premortems/{id}/risks/{riskId}/mitigations")
    public ResponseEntity<ObjectNode> mitigate(@PathVariable long id, @PathVariable long riskId, @RequestBody ObjectNode body) {
        ActionItems.ActionItem item = premortems.mitigate(CurrentUser.name(), id, riskId, new ActionItems.Draft(text(body, "title"),
                text(body, "description"), text(body, "owner"), text(body, "team"), date("dueDate", text(body, "dueDate")), text(body, "priority"),
                text(body, "type"), text(body, "trackerUrl")));
        return ResponseEntity.created(URI.create("/api/v1/action-items/" + item.id())).body(json(item));
    }

    /** Body: {"incident": 42}: the risk foresaw INC-42. Answers what is now foreseen for that incident. */
    @PostMapping("/api/v1/premortems/{id}/risks/{riskId}/incidents")
    public ResponseEntity<List<ObjectNode>> link(@PathVariable long id, @PathVariable long riskId, @RequestBody ObjectNode body) {
        long incident = number(body, "incident");
        premortems.linkIncident(CurrentUser.name(), id, riskId, incident);
        return ResponseEntity.status(201).body(foreseen(incident));
    }

    @DeleteMapping("/api/v1/premortems/{id}/risks/{riskId}/incidents/{number}")
    public ResponseEntity<Void> unlink(@PathVariable long id, @PathVariable long riskId, @PathVariable long number) {
        premortems.unlinkIncident(CurrentUser.name(), id, riskId, number);
        return ResponseEntity.noContent().build();
    }

    /** The risks of revealed pre-mortems on the incident's services, and those linked to it, linked first. */
    @GetMapping("/api/v1/incidents/{number}/foreseen")
    public List<ObjectNode> foreseen(@PathVariable long number) {
        return premortems.foreseen(number).stream().map(foreseen -> NODES.objectNode().put("premortem", foreseen.premortemId())
                .put("premortemTitle", foreseen.premortemTitle()).put("date", foreseen.date().toString()).put("risk", foreseen.riskId())
                .put("body", foreseen.body()).put("count", foreseen.count()).put("linked", foreseen.linked())).toList();
    }

    // --- shapes

    static ObjectNode json(Premortems.Premortem premortem, Instant now) {
        ObjectNode node = NODES.objectNode().put("id", premortem.id()).put("title", premortem.title()).put("launch", premortem.launch())
                .put("launchDate", premortem.launchDate() == null ? null : premortem.launchDate().toString()).put("date", premortem.date().toString())
                .put("facilitator", premortem.facilitator()).put("phase", premortem.phaseAt(now).key()).put("writingOpen", premortem.writingOpen(now))
                .put("writingEndsAt", premortem.writingEndsAt().toString()).put("timeLeftSeconds", premortem.timeLeft(now).toSeconds())
                .put("revealedAt", premortem.revealed(now) ? premortem.revealsAt().toString() : null).put("createdBy", premortem.createdBy())
                .put("createdAt", premortem.createdAt().toString()).put("written", premortem.written());
        node.set("services", NODES.arrayNode().addAll(premortem.services().stream().map(NODES::stringNode).toList()));
        node.set("participants", NODES.arrayNode().addAll(premortem.participants().stream().map(NODES::stringNode).toList()));
        return node;
    }

    private ObjectNode json(Premortems.Board board, String viewer) {
        ObjectNode node = json(board.premortem(), clock.instant());
        node.put("phase", board.phase().key()).put("writingOpen", board.writingOpen()).put("revealed", board.revealed())
                .put("written", board.written()).put("writers", board.writers());
        ArrayNode risks = node.putArray("risks");
        board.risks().forEach(risk -> risks.add(json(risk, viewer)));
        if (board.revealed()) {
            ArrayNode tally = node.putArray("tally");
            for (PremortemRules.Tally counted : board.tally()) {
                ObjectNode entry = tally.addObject().put("risk", counted.risk().id()).put("body", counted.risk().body()).put("count", counted.count());
                entry.set("authors", NODES.arrayNode().addAll(counted.authors().stream().map(NODES::stringNode).toList()));
                entry.set("merged", NODES.arrayNode().addAll(counted.merged().stream().map(risk -> NODES.numberNode(risk.id())).toList()));
                entry.set("mitigations", NODES.arrayNode().addAll(board.mitigationsOf(counted).stream().map(PremortemsApi::json).toList()));
            }
            ArrayNode suggestions = node.putArray("suggestedMerges");
            board.suggestions().forEach(suggestion -> suggestions.addObject().put("risk", suggestion.risk()).put("into", suggestion.into())
                    .put("similarity", Math.round(suggestion.similarity() * 100) / 100.0));
        }
        return node;
    }

    static ObjectNode json(Premortems.Risk risk, String viewer) {
        return NODES.objectNode().put("id", risk.id()).put("author", risk.author()).put("mine", viewer != null && viewer.equals(risk.author()))
                .put("body", risk.body()).put("mergedInto", risk.mergedInto()).put("createdAt", risk.createdAt().toString());
    }

    static ObjectNode json(ActionItems.ActionItem item) {
        return NODES.objectNode().put("id", item.id()).put("reference", item.reference()).put("title", item.title())
                .put("description", item.description()).put("owner", item.owner()).put("team", item.team()).put("dueDate", item.dueDate().toString())
                .put("priority", item.priority().key()).put("type", item.type().key()).put("status", item.status().key())
                .put("trackerUrl", item.trackerUrl()).put("premortemId", item.premortemId()).put("riskId", item.riskId());
    }

    private static long number(JsonNode body, String field) {
        JsonNode node = body.path(field);
        if (node.canConvertToLong() && node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isString()) {
            try {
                return Long.parseLong(node.asString().strip().replaceFirst("(?i)^INC-", ""));
            } catch (NumberFormatException e) {
                // Said below.
            }
        }
        throw new CatalogException(CatalogException.Code.INVALID, field, node.isMissingNode() || node.isNull() ? "is required: a number"
                : "'" + node.asString() + "' is not a number");
    }

    static LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "'" + text + "' is not a date such as 2026-06-01");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.path(field);
        return node.isMissingNode() || node.isNull() ? null : node.asString();
    }

    private static List<String> strings(JsonNode body, String field) {
        List<String> values = new ArrayList<>();
        body.path(field).forEach(node -> values.add(node.asString()));
        return values;
    }
}
