package dev.andon.server.slo;

import dev.andon.catalog.CatalogException;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.slo.BudgetPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * The deploy gate: may this service deploy now? Denied while one of its SLOs is in a budget state
 * whose actions freeze deploys or require an approval, unless someone overrode the gate (or
 * approved) with a reason; every override is in the event log.
 */
@Component
public class DeployGate {
    static final Duration LONGEST_OVERRIDE = Duration.ofHours(24);

    private final DSLContext sql;
    private final SloService slos;
    private final SloStore store;
    private final BudgetPolicies policies;
    private final EventLog events;
    private final Clock clock;

    public DeployGate(DSLContext sql, SloService slos, SloStore store, BudgetPolicies policies, EventLog events, Clock clock) {
        this.sql = sql;
        this.slos = slos;
        this.store = store;
        this.policies = policies;
        this.events = events;
        this.clock = clock;
    }

    public record SloState(String slug, String state, double remaining) {}

    public record Override(long id, String kind, String reason, String by, Instant at, Instant expiresAt) {}

    public record Decision(String service, boolean allow, List<String> reasons, List<SloState> slos, List<Override> overrides) {}

    public Decision decide(String service) {
        long serviceId = slos.serviceId(service);
        BudgetPolicy policy = policies.of(serviceId);
        List<Override> active = active(serviceId);
        boolean overridden = active.stream().anyMatch(o -> o.kind().equals("override"));
        boolean approved = overridden || active.stream().anyMatch(o -> o.kind().equals("approval"));
        List<String> reasons = new ArrayList<>();
        List<SloState> states = new ArrayList<>();
        boolean deny = false;
        for (SloStore.Stored stored : store.ofService(serviceId)) {
            SloService.View view = slos.view(stored, policy);
            states.add(new SloState(stored.slo().slug(), view.state().key(), view.status().remaining()));
            Set<BudgetPolicy.Action> actions = policy.actionsFor(view.state());
            String why = "SLO " + stored.slo().slug() + " is " + view.state().key() + " with " + percent(view.status().remaining()) + " of its error budget left";
            if (actions.contains(BudgetPolicy.Action.FREEZE)) {
                if (overridden) {
                    reasons.add(why + ": deploys are frozen, but the gate was overridden");
                } else {
                    deny = true;
                    reasons.add(why + ": deploys are frozen until the budget recovers (override with a reason to deploy a fix)");
                }
            } else if (actions.contains(BudgetPolicy.Action.REQUIRE_APPROVAL)) {
                if (approved) {
                    reasons.add(why + ": approved");
                } else {
                    deny = true;
                    reasons.add(why + ": a deploy needs an approval (POST /api/v1/gate/overrides with kind approval)");
                }
            }
        }
        if (!deny && reasons.isEmpty()) {
            reasons.add(states.isEmpty() ? "no SLOs for " + service : "every SLO of " + service + " is within its budget policy");
        }
        return new Decision(service, !deny, reasons, states, active);
    }

    public Override override(String actor, String service, String kind, String reason, Duration duration) {
        if (!"override".equals(kind) && !"approval".equals(kind)) {
            throw new CatalogException(CatalogException.Code.INVALID, "kind", "use override (lets deploys through a freeze) or approval");
        }
        if (reason == null || reason.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, "reason", "is required: why deploys may go ahead, e.g. the fix for the outage");
        }
        Duration length = duration == null ? Duration.ofHours(1) : duration;
        if (length.isNegative() || length.isZero() || length.compareTo(LONGEST_OVERRIDE) > 0) {
            throw new CatalogException(CatalogException.Code.INVALID, "duration", "is from 1m to 24h");
        }
        long serviceId = slos.serviceId(service);
        Instant now = clock.instant();
        long id = sql.resultQuery("""
                insert into gate_overrides (service_id, kind, reason, created_by, created_at, expires_at)
                values (?, ?, ?, ?, ?::timestamptz, ?::timestamptz) returning id""", serviceId, kind, reason.strip(), actor,
                dev.andon.server.database.SqlTimes.utc(now), dev.andon.server.database.SqlTimes.utc(now.plus(length))).fetchOne(0, Long.class);
        events.append(Event.of(now, actor, "gate." + kind, "service", service, null, SloStore.JSON.createObjectNode().put("reason", reason.strip())
                .put("until", now.plus(length).toString()).toString()));
        return active(serviceId).stream().filter(o -> o.id() == id).findFirst().orElseThrow();
    }

    List<Override> active(long serviceId) {
        return sql.resultQuery("select id, kind, reason, created_by, created_at, expires_at from gate_overrides where service_id = ? and expires_at > ?::timestamptz "
                + "order by created_at", serviceId, dev.andon.server.database.SqlTimes.utc(clock.instant())).fetch(r -> new Override(r.get(0, Long.class), r.get(1, String.class),
                r.get(2, String.class), r.get(3, String.class), r.get(4, OffsetDateTime.class).toInstant(), r.get(5, OffsetDateTime.class).toInstant()));
    }

    static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
