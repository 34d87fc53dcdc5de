package dev.andon.server.api;

import dev.andon.catalog.CatalogException;
import dev.andon.checks.CheckFields;
import dev.andon.checks.Heartbeat;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.checks.HeartbeatService;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * Heartbeat monitors under /api/v1/heartbeats. Creating one (or rotating its key) answers with its
 * ping URL, the only time the key is shown; reads show the key's first characters.
 */
@RestController
@RequestMapping("/api/v1/heartbeats")
public class HeartbeatsApi {
    private final HeartbeatService heartbeats;
    private final dev.andon.events.EventLog events;

    public HeartbeatsApi(HeartbeatService heartbeats, dev.andon.events.EventLog events) {
        this.heartbeats = heartbeats;
        this.events = events;
    }

    /** The heartbeat's history in the event log, newest first. */
    @GetMapping("/{slug}/events")
    public List<EventJson> events(@PathVariable String slug) {
        find(slug);
        return EventJson.of(events.forObject("heartbeat", slug, 100));
    }

    @GetMapping
    public List<ObjectNode> list(@RequestParam(required = false) String service) {
        return (service == null ? heartbeats.all() : heartbeats.forService(service)).stream().map(HeartbeatsApi::json).toList();
    }

    @PostMapping
    public ResponseEntity<ObjectNode> create(@RequestBody ObjectNode body) {
        HeartbeatService.WithKey created = heartbeats.create(CurrentUser.name(), read(null, body));
        return ResponseEntity.created(URI.create("/api/v1/heartbeats/" + created.heartbeat().heartbeat().slug())).body(withKey(created));
    }

    @GetMapping("/{slug}")
    public ObjectNode get(@PathVariable String slug) {
        HeartbeatService.StoredHeartbeat stored = find(slug);
        ObjectNode json = json(stored);
        var pings = json.putArray("pings");
        heartbeats.pings(stored.id(), 50).forEach(ping -> {
            ObjectNode row = pings.addObject();
            row.put("at", ping.at().toString());
            row.put("kind", ping.kind());
            if (ping.exitStatus() != null) {
                row.put("exitStatus", ping.exitStatus());
            }
            if (ping.runId() != null) {
                row.put("rid", ping.runId().toString());
            }
            if (ping.runDurationMillis() != null) {
                row.put("runDurationMs", ping.runDurationMillis());
            }
            row.put("source", ping.source());
            if (ping.body() != null) {
                row.put("body", ping.body());
            }
        });
        return json;
    }

    @PutMapping("/{slug}")
    public ObjectNode update(@PathVariable String slug, @RequestBody ObjectNode body) {
        return json(heartbeats.update(CurrentUser.name(), read(slug, body)));
    }

    @DeleteMapping("/{slug}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String slug) {
        heartbeats.delete(CurrentUser.name(), slug);
    }

    @PostMapping("/{slug}/pause")
    public ObjectNode pause(@PathVariable String slug) {
        return json(heartbeats.setPaused(CurrentUser.name(), slug, true));
    }

    @PostMapping("/{slug}/resume")
    public ObjectNode resume(@PathVariable String slug) {
        return json(heartbeats.setPaused(CurrentUser.name(), slug, false));
    }

    /** A new ping key; the old one stops working at once. */
    @PostMapping("/{slug}/rotate-key")
    public ObjectNode rotateKey(@PathVariable String slug) {
        return withKey(heartbeats.rotateKey(CurrentUser.name(), slug));
    }

    private HeartbeatService.StoredHeartbeat find(String slug) {
        return heartbeats.find(slug).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "slug",
                "heartbeat '" + slug + "' does not exist"));
    }

    static Heartbeat read(String pathSlug, ObjectNode body) {
        SpecBodies.Spec spec = SpecBodies.read("heartbeat", pathSlug, body,
                List.of("status", "statusSince", "nextDeadline", "lastPingAt", "pingKeyPrefix", "pingUrl", "running", "pings"));
        return CheckFields.heartbeat(spec.slug(), spec.fields());
    }

    static ObjectNode json(HeartbeatService.StoredHeartbeat stored) {
        ObjectNode json = SpecBodies.write(stored.heartbeat().slug(), stored.heartbeat().name(), CheckFields.json(stored.heartbeat()));
        json.put("status", stored.status().name().toLowerCase());
        json.put("statusSince", stored.statusSince().toString());
        json.put("running", stored.state().running());
        if (stored.lastPingAt() != null) {
            json.put("lastPingAt", stored.lastPingAt().toString());
        }
        if (stored.nextDeadline() != null) {
            json.put("nextDeadline", stored.nextDeadline().toString());
        }
        json.put("pingKeyPrefix", stored.pingKeyPrefix());
        return json;
    }

    private static ObjectNode withKey(HeartbeatService.WithKey created) {
        ObjectNode json = json(created.heartbeat());
        json.put("pingKey", created.pingKey());
        json.put("pingPath", "/ping/" + created.pingKey());
        return json;
    }
}
