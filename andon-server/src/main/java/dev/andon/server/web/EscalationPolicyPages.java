package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.oncall.EscalationPolicy;
import dev.andon.oncall.EscalationTier;
import dev.andon.oncall.Schedule;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.paging.OnCallStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The escalation policy pages: who a service's alerts page, tier after tier, and for tiers that
 * name a schedule, who that is right now; and the services that page through each policy.
 */
@Controller
public class EscalationPolicyPages {
    private final OnCallStore store;
    private final OnCallNow onCallNow;
    private final CatalogService catalog;

    public EscalationPolicyPages(OnCallStore store, OnCallNow onCallNow, CatalogService catalog) {
        this.store = store;
        this.onCallNow = onCallNow;
        this.catalog = catalog;
    }

    /** One tier: whom it pages now, and how long they have before the next tier is paged. */
    public record TierView(int number, List<OnCallNow.Target> targets, long escalateAfterMinutes, boolean last) {}

    /** A service that pages through the policy. */
    public record ServiceLink(String slug, String name, int tier) {}

    public record Row(EscalationPolicy policy, Team team, TierView firstTier, List<ServiceLink> services) {}

    public record ListView(List<Row> policies) {}

    public record DetailView(EscalationPolicy policy, Team team, List<TierView> tiers, List<ServiceLink> services) {
        /** "Runs the tiers once" / "then 2 more times": what happens when nobody acknowledges. */
        public String repeatText() {
            return switch (policy.repeat()) {
                case 0 -> "The tiers run once: when nobody acknowledges after the last tier, paging stops.";
                case 1 -> "When nobody acknowledges after the last tier, the tiers run once more from the first, then paging stops.";
                default -> "When nobody acknowledges after the last tier, the tiers run " + policy.repeat() + " more times from the first, "
                        + "then paging stops.";
            };
        }
    }

    @GetMapping("/escalation-policies")
    public String list(Model model) {
        Map<String, User> users = onCallNow.users();
        Map<String, Schedule> schedules = onCallNow.schedules();
        Map<String, Team> teams = catalog.repository().teams().stream().collect(Collectors.toMap(Team::slug, Function.identity(), (a, b) -> a));
        Map<String, Service> services = services();
        List<Row> rows = store.policies().stream().sorted(Comparator.comparing(EscalationPolicy::name, String.CASE_INSENSITIVE_ORDER))
                .map(policy -> new Row(policy, policy.team() == null ? null : teams.get(policy.team()),
                        tiers(policy, schedules, users).get(0), serviceLinks(policy, services)))
                .toList();
        model.addAttribute("view", new ListView(rows));
        return "oncall/policies";
    }

    @GetMapping("/escalation-policies/{slug}")
    public String show(@PathVariable String slug, Model model) {
        EscalationPolicy policy = store.policy(slug).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "slug",
                "there is no escalation policy '" + slug + "'"));
        Team team = policy.team() == null ? null : catalog.repository().team(policy.team()).orElse(null);
        model.addAttribute("view", new DetailView(policy, team, tiers(policy, onCallNow.schedules(), onCallNow.users()),
                serviceLinks(policy, services())));
        return "oncall/policy";
    }

    List<TierView> tiers(EscalationPolicy policy, Map<String, Schedule> schedules, Map<String, User> users) {
        List<TierView> tiers = new ArrayList<>();
        for (int index = 0; index < policy.tiers().size(); index++) {
            EscalationTier tier = policy.tiers().get(index);
            tiers.add(new TierView(index + 1, tier.targets().stream().map(target -> onCallNow.of(target, schedules, users)).toList(),
                    tier.escalateAfter().toMinutes(), index == policy.tiers().size() - 1));
        }
        return tiers;
    }

    private Map<String, Service> services() {
        return catalog.repository().services().stream().collect(Collectors.toMap(Service::slug, Function.identity(), (a, b) -> a));
    }

    private List<ServiceLink> serviceLinks(EscalationPolicy policy, Map<String, Service> services) {
        return store.servicesOf(policy.slug()).stream().map(slug -> {
            Service service = services.get(slug);
            return new ServiceLink(slug, service == null ? slug : service.name(), service == null ? 0 : service.tier());
        }).sorted(Comparator.comparingInt(ServiceLink::tier).thenComparing(ServiceLink::name, String.CASE_INSENSITIVE_ORDER)).toList();
    }
}
