package dev.andon.server.alerts;

import dev.andon.alerts.AlertAction;
import dev.andon.alerts.AlertEvent;
import dev.andon.alerts.AlertLink;
import dev.andon.alerts.Severity;
import dev.andon.checks.CheckStatus;
import dev.andon.probe.ProbeResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * A check's verdict changes as alert events, so checks page through the same pipeline as
 * everything else: DOWN triggers a critical alert, DEGRADED a warning (the same alert, keyed by
 * the check, so DEGRADED then DOWN raises its severity), UP resolves it. UNKNOWN is Andon's own
 * trouble and changes nothing.
 */
public final class CheckAlerts {
    private CheckAlerts() {}

    /** The dedup key of a check's alert (scope: Andon's own alerts). */
    public static String dedupKey(String check) {
        return "check:" + check;
    }

    public static Optional<Intake> of(String check, String name, long serviceId, CheckStatus verdict, String location, ProbeResult result,
                                      Instant at) {
        AlertAction action;
        Severity severity = null;
        switch (verdict) {
            case DOWN -> {
                action = AlertAction.TRIGGER;
                severity = Severity.CRITICAL;
            }
            case DEGRADED -> {
                action = AlertAction.TRIGGER;
                severity = Severity.WARNING;
            }
            case UP -> action = AlertAction.RESOLVE;
            default -> {
                return Optional.empty();
            }
        }
        String summary = null;
        String details = null;
        if (action == AlertAction.TRIGGER) {
            summary = name + " is " + verdict.name().toLowerCase() + " from " + location + ": " + result.message();
            if (summary.length() > 1024) {
                summary = summary.substring(0, 1024);
            }
            ObjectNode json = AlertIntake.JSON.createObjectNode();
            json.put("check", check);
            json.put("location", location);
            json.put("message", result.message());
            if (result.failedPhase() != null) {
                json.put("failedPhase", result.failedPhase());
            }
            result.observations().forEach(json.putObject("observations")::put);
            details = json.toString();
        }
        AlertEvent event = new AlertEvent(action, dedupKey(check), summary, location, severity, at, check, null,
                result.failedPhase(), details, List.of(new AlertLink("/checks/" + check, "Check " + name)), List.of(), "Andon checks", null, null);
        return Optional.of(new Intake.Alert(null, "check", check, serviceId, event, at, null, "check:" + check));
    }
}
