package dev.andon.server.postmortems;

import java.time.Instant;
import java.util.List;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Searches the postmortem library: {@code GET /api/v1/postmortems?q=&service=&tag=&severity=&factorType=&status=&limit=}.
 * {@code q} is web-search syntax ("quoted phrase", -word, or); without it, everything newest first.
 */
@RestController
public class PostmortemLibraryApi {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PostmortemLibrary library;

    public PostmortemLibraryApi(PostmortemLibrary library) {
        this.library = library;
    }

    @GetMapping("/api/v1/postmortems")
    public List<ObjectNode> search(@RequestParam(required = false) String q, @RequestParam(required = false) String service,
                                   @RequestParam(required = false) String tag, @RequestParam(required = false) String severity,
                                   @RequestParam(required = false) String factorType, @RequestParam(required = false) String status,
                                   @RequestParam(required = false) Integer limit) {
        return InvalidParameter.checked(() -> library.search(new PostmortemLibrary.Search(q, service, tag, severity, factorType, status, limit)))
                .stream().map(PostmortemLibraryApi::json).toList();
    }

    @ExceptionHandler(InvalidParameter.class)
    ProblemDetail invalidParameter(InvalidParameter e) {
        return e.problem();
    }

    static ObjectNode json(PostmortemLibrary.Result result) {
        ObjectNode node = NODES.objectNode().put("id", result.id()).put("incident", result.incident()).put("reference", result.reference())
                .put("title", result.title()).put("severity", result.severity().name()).put("status", result.status().key());
        node.set("services", NODES.arrayNode().addAll(result.services().stream().map(NODES::stringNode).toList()));
        node.set("tags", NODES.arrayNode().addAll(result.tags().stream().map(NODES::stringNode).toList()));
        node.set("factorTypes", NODES.arrayNode().addAll(result.factorTypes().stream().map(type -> NODES.stringNode(type.key())).toList()));
        put(node, "dueAt", result.dueAt());
        node.put("overdue", result.overdue());
        put(node, "publishedAt", result.publishedAt());
        put(node, "createdAt", result.createdAt());
        node.put("snippet", result.snippet());
        node.put("url", "/postmortems/" + result.id());
        return node;
    }

    private static void put(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }
}
