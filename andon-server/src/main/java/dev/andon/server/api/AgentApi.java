package dev.andon.server.api;

import dev.andon.server.database.GroupCommitWriter;
import dev.andon.catalog.CatalogException;
import dev.andon.probe.ProbeScheduler;
import dev.andon.probe.ProbeSpecs;
import dev.andon.server.access.BearerTokenFilter;
import dev.andon.server.checks.Agents;
import dev.andon.server.checks.CheckStore;
import dev.andon.server.checks.ResultJson;
import dev.andon.server.checks.ResultWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Remote agents: people manage locations and their tokens under /api/v1/agents; agents themselves
 * (signed in with their token) fetch assignments and upload results under /api/v1/agent. Results
 * are acknowledged only once committed, and a re-sent result is ignored by its id.
 */
@RestController
public class AgentApi {
    /** Most results an agent may send in one upload. */
    public static final int MAX_UPLOAD = 500;
    private final Agents agents;
    private final CheckStore store;
    private final ResultWriter writer;

    public AgentApi(Agents agents, CheckStore store, ResultWriter writer) {
        this.agents = agents;
        this.store = store;
        this.writer = writer;
    }

    // --- for people

    @GetMapping("/api/v1/agents")
    public List<Agents.AgentInfo> list() {
        return agents.all();
    }

    /** Creates a location and its agent token; the token is in this answer only. */
    @PostMapping("/api/v1/agents")
    public ResponseEntity<Agents.CreatedAgent> create(@RequestBody Map<String, String> body) {
        Agents.CreatedAgent created = agents.create(dev.andon.server.access.CurrentUser.name(), body.get("location"), body.get("description"));
        return ResponseEntity.created(URI.create("/api/v1/agents/" + created.agent().location())).body(created);
    }

    @PostMapping("/api/v1/agents/{location}/rotate-token")
    public Agents.CreatedAgent rotate(@PathVariable String location) {
        return agents.rotate(dev.andon.server.access.CurrentUser.name(), location);
    }

    @DeleteMapping("/api/v1/agents/{location}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String location) {
        agents.delete(dev.andon.server.access.CurrentUser.name(), location);
    }

    // --- for agents

    /** The checks this agent's location runs. */
    @GetMapping("/api/v1/agent/assignments")
    public ObjectNode assignments() {
        String location = location();
        ObjectNode answer = ProbeSpecs.json().createObjectNode();
        answer.put("location", location);
        answer.put("pollSeconds", 30);
        var checks = answer.putArray("checks");
        for (ProbeScheduler.Assignment assignment : store.assignmentsFor(location)) {
            ObjectNode check = checks.addObject();
            check.put("id", assignment.checkId());
            check.put("slug", assignment.slug());
            check.put("type", assignment.spec().type());
            check.set("spec", ProbeSpecs.toJson(assignment.spec()));
            check.put("intervalMs", assignment.interval().toMillis());
            check.put("timeoutMs", assignment.timeout().toMillis());
            check.put("retries", assignment.retries());
        }
        return answer;
    }

    /** Stores uploaded results; answers once they are committed. */
    @PostMapping("/api/v1/agent/results")
    public Map<String, Object> results(@RequestBody JsonNode body) throws InterruptedException {
        String location = location();
        JsonNode results = body.path("results");
        if (!results.isArray()) {
            throw new CatalogException(CatalogException.Code.INVALID, "results", "send {\"results\": [...]}");
        }
        if (results.size() > MAX_UPLOAD) {
            throw new CatalogException(CatalogException.Code.INVALID, "results", "send at most " + MAX_UPLOAD + " results per upload, not " + results.size());
        }
        List<ResultWriter.Submitted> submitted = new ArrayList<>();
        int index = 0;
        for (JsonNode result : results) {
            String field = "results[" + index++ + "]";
            ResultWriter.Submitted parsed;
            try {
                parsed = new ResultWriter.Submitted(UUID.fromString(result.path("id").asString()), result.path("checkId").asLong(),
                        location, Instant.parse(result.path("at").asString()), ResultJson.read(result.path("result")),
                        result.path("checkerFailure").asBoolean(false));
                parsed.result().elapsed().toNanos(); // phases that add up past what a duration holds are refused here
            } catch (RuntimeException e) {
                throw new CatalogException(CatalogException.Code.INVALID, field, "needs id (UUID), checkId, at (ISO instant) and result: " + e.getMessage());
            }
            Instant now = Instant.now();
            // Results older than raw retention would be deleted at once; from the future, a clock is wrong.
            if (parsed.at().isBefore(now.minus(Duration.ofDays(14))) || parsed.at().isAfter(now.plus(Duration.ofMinutes(5)))) {
                throw new CatalogException(CatalogException.Code.INVALID, field + ".at", "'" + parsed.at()
                        + "' is not within the last 14 days; check the agent's clock");
            }
            if (parsed.result().phases().values().stream().anyMatch(took -> took.isNegative() || took.compareTo(Duration.ofHours(1)) > 0)) {
                throw new CatalogException(CatalogException.Code.INVALID, field + ".result.phases", "phases must be between 0 and 1 hour");
            }
            if (parsed.result().message().length() > 2000) {
                throw new CatalogException(CatalogException.Code.INVALID, field + ".result.message", "at most 2000 characters");
            }
            submitted.add(parsed);
        }
        try {
            writer.submit(submitted).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new GroupCommitWriter.QueueFullException("probe result");
        }
        return Map.of("stored", submitted.size());
    }

    private static String location() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String name = authentication == null ? "" : authentication.getName();
        if (!name.startsWith(BearerTokenFilter.AGENT_PREFIX)) {
            throw new CatalogException(CatalogException.Code.INVALID, "Authorization", "agent endpoints need an agent token");
        }
        return name.substring(BearerTokenFilter.AGENT_PREFIX.length());
    }
}
