package dev.andon.server.slo;

import dev.andon.catalog.CatalogException;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.slo.BudgetPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each service's error-budget policy: when its SLOs are at risk or exhausted and what that does
 * (notify the owning team, require an approval for deploys, freeze deploys). Services without one
 * follow {@link BudgetPolicy#DEFAULT}.
 */
@Component
public class BudgetPolicies {
    private final DSLContext sql;
    private final EventLog events;
    private final Clock clock;

    public BudgetPolicies(DSLContext sql, EventLog events, Clock clock) {
        this.sql = sql;
        this.events = events;
        this.clock = clock;
    }

    public BudgetPolicy of(long serviceId) {
        String spec = sql.resultQuery("select spec::text from budget_policies where service_id = ?", serviceId).fetchOne(0, String.class);
        return spec == null ? BudgetPolicy.DEFAULT : read(SloStore.JSON.readTree(spec));
    }

    /** Every service's policy that differs from the default, by service id: one query for the evaluator. */
    public Map<Long, BudgetPolicy> all() {
        Map<Long, BudgetPolicy> all = new java.util.HashMap<>();
        sql.resultQuery("select service_id, spec::text from budget_policies").forEach(r -> all.put(r.get(0, Long.class),
                read(SloStore.JSON.readTree(r.get(1, String.class)))));
        return all;
    }

    public BudgetPolicy put(String actor, long serviceId, String service, JsonNode json) {
        BudgetPolicy policy = read(json);
        ObjectNode written = write(policy);
        sql.execute("""
                insert into budget_policies (service_id, spec, updated_at) values (?, ?::jsonb, now())
                on conflict (service_id) do update set spec = excluded.spec, updated_at = now()""", serviceId, written.toString());
        Instant now = clock.instant();
        events.append(Event.of(now, actor, "budget-policy.updated", "service", service, null, written.toString()));
        return policy;
    }

    public static BudgetPolicy read(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new CatalogException(CatalogException.Code.INVALID, "policy", "is a JSON object {atRiskBelow, exhaustedAt, actions}");
        }
        for (String name : json.propertyNames()) {
            if (!Set.of("atRiskBelow", "exhaustedAt", "actions").contains(name)) {
                throw new CatalogException(CatalogException.Code.INVALID, name, "is not a field of a budget policy; known: atRiskBelow, exhaustedAt, actions");
            }
        }
        double atRisk = json.path("atRiskBelow").asDouble(BudgetPolicy.DEFAULT.atRiskBelow());
        double exhausted = json.path("exhaustedAt").asDouble(BudgetPolicy.DEFAULT.exhaustedAt());
        if (!(exhausted < atRisk && atRisk <= 1)) {
            throw new CatalogException(CatalogException.Code.INVALID, "atRiskBelow", "needs exhaustedAt < atRiskBelow <= 1, e.g. 0.25 and 0");
        }
        Map<BudgetPolicy.State, Set<BudgetPolicy.Action>> actions = new EnumMap<>(BudgetPolicy.State.class);
        JsonNode given = json.path("actions");
        for (BudgetPolicy.State state : BudgetPolicy.State.values()) {
            if (!given.has(state.key())) {
                actions.put(state, BudgetPolicy.DEFAULT.actionsFor(state));
                continue;
            }
            Set<BudgetPolicy.Action> set = new LinkedHashSet<>();
            JsonNode list = given.path(state.key());
            for (int i = 0; i < list.size(); i++) {
                BudgetPolicy.Action action = BudgetPolicy.Action.parse(list.get(i).asString(""));
                if (action == null) {
                    throw new CatalogException(CatalogException.Code.INVALID, "actions." + state.key() + "[" + i + "]",
                            "'" + list.get(i).asString("") + "' is not one of notify, require-approval, freeze");
                }
                set.add(action);
            }
            actions.put(state, set);
        }
        for (String name : given.propertyNames()) {
            if (java.util.Arrays.stream(BudgetPolicy.State.values()).noneMatch(state -> state.key().equals(name))) {
                throw new CatalogException(CatalogException.Code.INVALID, "actions." + name, "is not a state; use healthy, at-risk, exhausted");
            }
        }
        return new BudgetPolicy(atRisk, exhausted, actions);
    }

    public static ObjectNode write(BudgetPolicy policy) {
        ObjectNode node = SloStore.JSON.createObjectNode().put("atRiskBelow", policy.atRiskBelow()).put("exhaustedAt", policy.exhaustedAt());
        ObjectNode actions = node.putObject("actions");
        for (BudgetPolicy.State state : BudgetPolicy.State.values()) {
            actions.putArray(state.key()).addAll(policy.actionsFor(state).stream().sorted()
                    .map(action -> (JsonNode) SloStore.JSON.getNodeFactory().stringNode(action.key())).toList());
        }
        return node;
    }
}
