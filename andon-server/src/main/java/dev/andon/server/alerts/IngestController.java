package dev.andon.server.alerts;

import dev.andon.alerts.AlertEvent;
import dev.andon.alerts.AlertmanagerWebhook;
import dev.andon.alerts.ChangeEvent;
import dev.andon.alerts.IntegrationType;
import dev.andon.alerts.InvalidEventException;
import dev.andon.alerts.PagerDutyEvents;
import dev.andon.alerts.SeverityMap;
import dev.andon.alerts.WebhookMapper;
import dev.andon.server.database.GroupCommitWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingestion endpoints. Each needs an integration key (in the body for PagerDuty's API, in the
 * path for the webhooks) and no login. Every answer of 202 means the events are committed: the
 * controller waits for the group commit. Bodies are capped at 512 KB (BodySizeLimit answers 413).
 * Called by {@link IngestFilter}, ahead of the sign-in and MVC machinery these routes do not need.
 */
@Component
public class IngestController {
    private static final Logger log = LoggerFactory.getLogger(IngestController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Longer than any batch takes; past it the client is told to retry (5xx), which PagerDuty clients and Alertmanager do. */
    private static final long COMMIT_WAIT_SECONDS = 30;

    private final IntegrationStore integrations;
    private final AlertWriter writer;
    private final Clock clock;

    public IngestController(IntegrationStore integrations, AlertWriter writer, Clock clock) {
        this.integrations = integrations;
        this.writer = writer;
        this.clock = clock;
    }

    public ResponseEntity<Map<String, Object>> enqueue(byte[] body) {
        try {
            PagerDutyEvents.Enqueue enqueue = PagerDutyEvents.parse(read(body));
            IntegrationStore.Stored integration = integration(enqueue.routingKey(), IntegrationType.EVENTS_V2, "'routing_key'");
            AlertEvent event = enqueue.event();
            if (event.dedupKey() == null) {
                event = event.withDedupKey(UUID.randomUUID().toString().replace("-", ""));
            }
            if (event.severity() != null) {
                event = withSeverity(event, SeverityMap.map(event.severity().text(), integration.integration().severities(), event.severity()));
            }
            ResponseEntity<Map<String, Object>> refused = commit(List.of(alert(integration, event)));
            if (refused != null) {
                return refused;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "success");
            answer.put("message", "Event processed");
            answer.put("dedup_key", event.dedupKey());
            return ResponseEntity.accepted().body(answer);
        } catch (InvalidEventException e) {
            return invalid(e);
        }
    }

    public ResponseEntity<Map<String, Object>> changeEnqueue(byte[] body) {
        try {
            ChangeEvent change = PagerDutyEvents.parseChange(read(body));
            IntegrationStore.Stored integration = integration(change.routingKey(), IntegrationType.EVENTS_V2, "'routing_key'");
            ResponseEntity<Map<String, Object>> refused = commit(List.of(new Intake.Change(integration.id(), integration.serviceId(), change,
                    clock.instant())));
            if (refused != null) {
                return refused;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "success");
            answer.put("message", "Change event processed");
            return ResponseEntity.accepted().body(answer);
        } catch (InvalidEventException e) {
            return invalid(e);
        }
    }

    public ResponseEntity<Map<String, Object>> alertmanager(String key, byte[] body) {
        try {
            IntegrationStore.Stored integration = integration(key, IntegrationType.ALERTMANAGER, "the key in the URL");
            AlertmanagerWebhook.Notification notification = AlertmanagerWebhook.parse(read(body), integration.integration().severities());
            List<Intake> items = new ArrayList<>();
            notification.alerts().forEach(event -> items.add(alert(integration, event)));
            if ("resolved".equals(notification.status()) && notification.truncatedAlerts() > 0) {
                // The alerts Alertmanager left out of the payload are resolved with their group.
                items.add(new Intake.ResolveGroup(integration.id(), notification.groupKey(), clock.instant(), actor(integration)));
            }
            ResponseEntity<Map<String, Object>> refused = commit(items);
            if (refused != null) {
                return refused;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "success");
            answer.put("message", "Notification processed");
            answer.put("alerts", notification.alerts().size());
            return ResponseEntity.accepted().body(answer);
        } catch (InvalidEventException e) {
            return invalid(e);
        }
    }

    public ResponseEntity<Map<String, Object>> webhook(String key, byte[] body) {
        try {
            IntegrationStore.Stored integration = integration(key, IntegrationType.WEBHOOK, "the key in the URL");
            List<AlertEvent> events = WebhookMapper.read(integration.integration().mapping(), integration.integration().name(), read(body),
                    integration.integration().severities());
            List<Intake> items = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (AlertEvent event : events) {
                if (event.dedupKey() == null) {
                    event = event.withDedupKey(UUID.randomUUID().toString().replace("-", ""));
                }
                keys.add(event.dedupKey());
                items.add(alert(integration, event));
            }
            ResponseEntity<Map<String, Object>> refused = commit(items);
            if (refused != null) {
                return refused;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "success");
            answer.put("message", "Event processed");
            answer.put("dedup_keys", keys);
            return ResponseEntity.accepted().body(answer);
        } catch (InvalidEventException e) {
            return invalid(e);
        }
    }

    private Intake.Alert alert(IntegrationStore.Stored integration, AlertEvent event) {
        return new Intake.Alert(integration.id(), integration.integration().type().text(), null, integration.serviceId(), event, clock.instant(),
                integration.integration().autoResolveAfter(), actor(integration));
    }

    private static String actor(IntegrationStore.Stored integration) {
        return "integration:" + integration.integration().slug();
    }

    private static AlertEvent withSeverity(AlertEvent event, dev.andon.alerts.Severity severity) {
        return new AlertEvent(event.action(), event.dedupKey(), event.summary(), event.source(), severity, event.timestamp(), event.component(),
                event.group(), event.eventClass(), event.customDetails(), event.links(), event.images(), event.client(), event.clientUrl(),
                event.groupKey());
    }

    /** The integration a key belongs to; a wrong key, or one of another type, is an invalid event naming where the key was. */
    private IntegrationStore.Stored integration(String key, IntegrationType expected, String where) {
        IntegrationStore.Stored integration = integrations.byKey(key).orElseThrow(() -> {
            // Never log the key itself: a near-miss of a real key is still a secret.
            log.warn("refused an event with an unknown integration key ({})", where);
            return new InvalidEventException(List.of(where + " is not the key of any integration"));
        });
        IntegrationType type = integration.integration().type();
        if (type != expected) {
            String path = switch (type) {
                case EVENTS_V2 -> "POST /v2/enqueue with the key as routing_key";
                case ALERTMANAGER -> "POST /ingest/alertmanager/{key}";
                case WEBHOOK -> "POST /ingest/webhook/{key}";
            };
            throw new InvalidEventException(List.of(where + " belongs to integration '" + integration.integration().slug() + "' of type "
                    + type.text() + ": send its events with " + path));
        }
        return integration;
    }

    /** A body that is not JSON at all: PagerDuty answers 400 "Unrecognized object" rather than "invalid event". */
    static final class UnrecognizedBody extends InvalidEventException {
        UnrecognizedBody(String error) {
            super(List.of(error));
        }
    }

    private static JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new UnrecognizedBody("JSON parse error: the request body is empty");
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new UnrecognizedBody("JSON parse error: " + e.getOriginalMessage());
        }
    }

    /** Waits for the commit; null when committed, else the answer telling the client to retry. */
    private ResponseEntity<Map<String, Object>> commit(List<Intake> items) {
        if (items.isEmpty()) {
            return null;
        }
        try {
            writer.store(items, java.time.Duration.ofSeconds(COMMIT_WAIT_SECONDS));
            return null;
        } catch (GroupCommitWriter.QueueFullException e) {
            return retry(429, "Too many events queued; retry after a second", "1");
        } catch (TimeoutException e) {
            return retry(503, "The events were not stored in time; retry", "5");
        } catch (ExecutionException e) {
            log.warn("events refused by the database: {}", e.getCause().toString());
            return retry(500, "The events could not be stored", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return retry(503, "Shutting down; retry", "5");
        }
    }

    private static ResponseEntity<Map<String, Object>> retry(int status, String message, String after) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "failure");
        answer.put("message", message);
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
        if (after != null) {
            builder.header(HttpHeaders.RETRY_AFTER, after);
        }
        return builder.body(answer);
    }

    private static ResponseEntity<Map<String, Object>> invalid(InvalidEventException e) {
        Map<String, Object> answer = new LinkedHashMap<>();
        boolean unrecognized = e instanceof UnrecognizedBody;
        answer.put("status", unrecognized ? "Unrecognized object" : "invalid event");
        answer.put("message", unrecognized ? "Event object format is unrecognized" : "Event object is invalid");
        answer.put("errors", e.errors());
        return ResponseEntity.badRequest().body(answer);
    }
}
