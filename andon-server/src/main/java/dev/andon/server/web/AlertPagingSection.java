package dev.andon.server.web;

import dev.andon.catalog.User;
import dev.andon.server.alerts.AlertStore;
import dev.andon.server.paging.OnCallStore;
import dev.andon.server.paging.Paging;
import dev.andon.server.paging.PagingHistory;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Gives the page of an alert its "Paging" section (the model attribute "paging"): whom its group
 * paged, how and with what result, where the escalation stands, and the form that hands the page
 * to someone else. Kept out of {@link AlertPages} so the alert pages do not depend on paging.
 */
@ControllerAdvice(assignableTypes = AlertPages.class)
public class AlertPagingSection {
    private final AlertStore alerts;
    private final Paging paging;
    private final PagingHistory history;
    private final OnCallStore store;
    private final OnCallNow onCallNow;
    private final Clock clock;

    public AlertPagingSection(AlertStore alerts, Paging paging, PagingHistory history, OnCallStore store, OnCallNow onCallNow, Clock clock) {
        this.alerts = alerts;
        this.paging = paging;
        this.history = history;
        this.store = store;
        this.onCallNow = onCallNow;
        this.clock = clock;
    }

    /** One entry of the paging log, in words; {@code kind} picks the dot's colour. */
    public record Entry(Instant at, String time, String kind, String title, String href, String hrefText, String actor, String detail) {}

    /**
     * The section: {@code state} says where the escalation stands now ("escalating: tier 2 at 03:12
     * UTC"), {@code open} whether the group can still be handed over.
     */
    public record PagingView(long alertId, List<Entry> entries, String state, boolean active, boolean open, List<User> users, String notice) {}

    @ModelAttribute("paging")
    public PagingView paging(HttpServletRequest request) {
        Long alertId = shownAlert(request);
        AlertStore.AlertRow alert = alertId == null ? null : alerts.find(alertId).orElse(null);
        if (alert == null || alert.groupId() == null) {
            return null;
        }
        Map<String, User> users = onCallNow.users();
        Map<String, String> names = new HashMap<>();
        store.policies().forEach(policy -> names.put("policy " + policy.slug(), policy.name()));
        store.schedules().forEach(schedule -> names.put("schedule " + schedule.slug(), schedule.name()));
        List<Entry> entries = entries(paging.timeline(alert.groupId()), users, names);
        boolean open = alerts.group(alert.groupId()).map(group -> !"resolved".equals(group.status())).orElse(false);
        PagingHistory.Escalation escalation = history.latestEscalation(alert.groupId()).orElse(null);
        String reassigned = request.getParameter("reassigned");
        String notice = reassigned != null && users.containsKey(reassigned)
                ? "Reassigned to " + OnCallNow.name(reassigned, users) + ": they are paged now by their own notification rules." : null;
        List<User> people = users.values().stream().sorted(Comparator.comparing(User::displayName, String.CASE_INSENSITIVE_ORDER)).toList();
        return new PagingView(alert.id(), entries, state(escalation, users), escalation != null && escalation.active(), open, people, notice);
    }

    private String state(PagingHistory.Escalation escalation, Map<String, User> users) {
        if (escalation == null) {
            return null;
        }
        return switch (escalation.state()) {
            case "active" -> escalation.nextStepAt() == null ? "Escalating."
                    : "Escalating: unless someone acknowledges, the next tier is paged "
                            + OnCallNow.relative(escalation.nextStepAt(), clock.instant()) + " (" + TimeText.second(escalation.nextStepAt()) + ").";
            case "acknowledged" -> "Escalation stopped: acknowledged.";
            case "resolved" -> "Escalation stopped: resolved.";
            case "suppressed" -> "Escalation stopped: a maintenance window suppressed the alert.";
            case "reassigned" -> escalation.assignedTo() == null ? "Reassigned." : "Reassigned to " + OnCallNow.name(escalation.assignedTo(), users)
                    + (escalation.endedBy() == null ? "" : " by " + escalation.endedBy()) + ".";
            case "exhausted" -> "Escalation over: every tier was paged and nobody acknowledged.";
            default -> escalation.state();
        };
    }

    /**
     * The paging log as people read it, oldest first, times in UTC. {@code names} gives policies
     * ("policy payments") and schedules ("schedule primary") their names; ones since deleted keep their slug.
     */
    static List<Entry> entries(List<Map<String, Object>> log, Map<String, User> users, Map<String, String> names) {
        List<Entry> entries = new ArrayList<>();
        for (Map<String, Object> row : log) {
            Instant at = (Instant) row.get("at");
            String kind = String.valueOf(row.get("kind"));
            String actor = (String) row.get("actor");
            JsonNode detail = AlertViews.parse((String) row.get("detail"));
            String title;
            String text = null;
            String href = null;
            String hrefText = null;
            switch (kind) {
                case "escalated" -> {
                    int tier = detail == null ? 0 : detail.path("tier").asInt(0);
                    int round = detail == null ? 1 : detail.path("round").asInt(1);
                    title = "Escalated to tier " + tier + (round > 1 ? " (round " + round + ")" : "") + " of";
                    String policy = text(detail, "policy");
                    href = policy == null ? null : "/escalation-policies/" + policy;
                    hrefText = policy == null ? null : names.getOrDefault("policy " + policy, policy);
                    text = paged(detail, users, names);
                }
                case "routed-to-admins" -> {
                    title = "Paged the admins";
                    text = join(text(detail, "reason"), paged(detail, users, names));
                }
                case "unroutable" -> {
                    title = "Reached nobody";
                    text = text(detail, "reason");
                }
                case "escalation-stopped" -> title = "Escalation stopped: " + (text(detail, "reason") == null ? "done" : text(detail, "reason"));
                case "reassigned" -> {
                    String to = text(detail, "to");
                    title = "Reassigned to " + OnCallNow.name(to, users);
                    actor = text(detail, "by");
                    int notifications = detail == null ? 0 : detail.path("notifications").asInt(0);
                    text = notifications == 0 ? OnCallNow.name(to, users) + " cannot be reached: the admins were paged instead"
                            : OnCallNow.plural(notifications, "notification") + " to " + OnCallNow.name(to, users);
                }
                case "notified", "notify-retry", "notify-failed" -> {
                    String who = OnCallNow.name(text(detail, "user"), users);
                    String channel = text(detail, "channel");
                    String method = text(detail, "contactMethod");
                    int attempt = detail == null ? 1 : detail.path("attempt").asInt(1);
                    title = switch (kind) {
                        case "notified" -> "Notified " + who + " by " + channel;
                        case "notify-retry" -> "Could not notify " + who + " by " + channel + " yet: trying again in " + text(detail, "retryIn");
                        default -> "Failed to notify " + who + " by " + channel;
                    };
                    text = join(method == null ? null : "contact method " + method + (attempt > 1 ? ", attempt " + attempt : ""),
                            text(detail, "result"));
                    actor = null;
                }
                default -> title = kind;
            }
            entries.add(new Entry(at, TimeText.second(at), kind, title, href, hrefText, "andon".equals(actor) ? null : actor, text));
        }
        return entries;
    }

    /** "paged Alice (schedule primary), Bob (directly: no way to reach them); nobody on call for schedule backup". */
    private static String paged(JsonNode detail, Map<String, User> users, Map<String, String> names) {
        JsonNode list = detail == null ? null : detail.get("paged");
        if (list == null || !list.isArray() || list.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode item : list) {
            String via = text(item, "via");
            String viaName = via != null && names.containsKey(via) ? "schedule " + names.get(via) : via;
            if (item.path("nobody").asBoolean(false)) {
                parts.add("nobody on call for " + viaName);
                continue;
            }
            String who = OnCallNow.name(text(item, "user"), users);
            String how = via == null || "user".equals(via) ? "directly" : "admin".equals(via) ? "as an admin" : "via " + viaName;
            parts.add(who + " (" + how + (item.path("unreachable").asBoolean(false) ? ": no way to reach them" : "") + ")");
        }
        return "paged " + String.join(", ", parts);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isValueNode() || value.asString().isBlank() ? null : value.asString();
    }

    private static String join(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + "; " + second;
    }

    /** The id of the alert whose page this request renders, or null. */
    static Long shownAlert(HttpServletRequest request) {
        String pattern = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        if (!"GET".equals(request.getMethod()) || !"/alerts/{id}".equals(pattern)) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String id = variables == null ? null : variables.get("id");
        return id != null && id.matches("\\d{1,18}") ? Long.valueOf(id) : null;
    }
}
