package dev.andon.server.config;

import dev.andon.catalog.Catalog;
import dev.andon.catalog.CatalogException;
import dev.andon.catalog.CatalogSystem;
import dev.andon.catalog.Service;
import dev.andon.catalog.Team;
import dev.andon.catalog.User;
import dev.andon.checks.Check;
import dev.andon.alerts.Integration;
import dev.andon.alerts.MaintenanceWindow;
import dev.andon.checks.Heartbeat;
import dev.andon.config.Action;
import dev.andon.config.BackstageImporter;
import dev.andon.config.Change;
import dev.andon.config.ConfigExporter;
import dev.andon.config.ConfigObject;
import dev.andon.config.ConfigParser;
import dev.andon.config.ConfigProblem;
import dev.andon.config.Kind;
import dev.andon.config.ParseResult;
import dev.andon.config.Plan;
import dev.andon.config.SourceFile;
import dev.andon.server.alerts.IntegrationStore;
import dev.andon.server.alerts.MaintenanceStore;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.checks.CheckService;
import dev.andon.server.checks.CheckStore;
import dev.andon.server.checks.HeartbeatService;
import dev.andon.server.paging.OnCallStore;
import dev.andon.oncall.EscalationPolicy;
import dev.andon.oncall.Schedule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Configuration as code on the server: parses YAML (Andon kinds, or Backstage catalog-info.yaml),
 * plans it against the stored catalog, checks and heartbeats, and applies the whole plan in one
 * transaction, or nothing.
 */
@Component
public class ConfigApplier {
    private static final Pattern BACKSTAGE = Pattern.compile("(?m)^apiVersion:\\s*[\"']?backstage\\.io/");

    private final CatalogService catalog;
    private final CheckService checks;
    private final HeartbeatService heartbeats;
    private final IntegrationStore integrations;
    private final MaintenanceStore windows;
    private final OnCallStore onCall;

    public ConfigApplier(CatalogService catalog, CheckService checks, HeartbeatService heartbeats, IntegrationStore integrations,
                         MaintenanceStore windows, OnCallStore onCall) {
        this.onCall = onCall;
        this.catalog = catalog;
        this.checks = checks;
        this.heartbeats = heartbeats;
        this.integrations = integrations;
        this.windows = windows;
    }

    /** The outcome of an apply: the plan, and whether it was carried out. */
    public record Result(Plan plan, boolean applied) {}

    /** Bad input found before anything changed; every problem carries file:line:column. */
    public static final class InvalidConfigException extends RuntimeException {
        private final List<ConfigProblem> problems;

        InvalidConfigException(List<ConfigProblem> problems) {
            super(problems.size() + " problem(s) in the configuration; nothing was applied");
            this.problems = List.copyOf(problems);
        }

        public List<ConfigProblem> problems() {
            return problems;
        }
    }

    public Result apply(String actor, boolean actorIsAdmin, List<SourceFile> files, boolean dryRun, boolean prune) {
        ParseResult parsed = parse(files);
        if (!parsed.ok()) {
            throw new InvalidConfigException(parsed.problems());
        }
        return catalog.inTransaction(() -> {
            Catalog current = current();
            Plan plan = dev.andon.config.Planner.plan(current, parsed.objects(), prune, actor);
            if (!plan.ok()) {
                throw new InvalidConfigException(plan.problems());
            }
            if (!actorIsAdmin && plan.changes().stream().anyMatch(change -> change.kind() == Kind.USER)) {
                throw new AccessDeniedException("only an admin may create, change or delete users; the plan touches users");
            }
            if (!dryRun && !plan.isEmpty()) {
                execute(actor, plan, parsed.objects());
            }
            return new Result(plan, !dryRun && !plan.isEmpty());
        });
    }

    public String export() {
        return ConfigExporter.export(catalog.inTransaction(this::current));
    }

    /** Everything apply manages as it is stored now; call within a transaction for one consistent view. */
    private Catalog current() {
        return catalog.repository().snapshot().withChecks(
                checks.store().all().stream().map(CheckStore.StoredCheck::check).toList(),
                heartbeats.all().stream().map(HeartbeatService.StoredHeartbeat::heartbeat).toList()).withAlertSettings(
                integrations.all().stream().map(IntegrationStore.Stored::integration).toList(),
                windows.all().stream().map(MaintenanceStore.Stored::window).toList())
                .withOnCall(onCall.schedules(), onCall.policies());
    }

    static ParseResult parse(List<SourceFile> files) {
        List<SourceFile> andon = new ArrayList<>();
        List<SourceFile> backstage = new ArrayList<>();
        for (SourceFile file : files) {
            (BACKSTAGE.matcher(file.content()).find() ? backstage : andon).add(file);
        }
        List<ConfigObject> objects = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, ConfigObject> seen = new HashMap<>();
        for (ParseResult result : List.of(ConfigParser.parse(andon), BackstageImporter.convert(backstage))) {
            for (ConfigObject object : result.objects()) {
                // Each parser finds duplicates within its own files; one across formats is found here.
                ConfigObject first = seen.putIfAbsent(object.kind() + "/" + object.name(), object);
                if (first != null && isAndon(first, andon) != isAndon(object, andon)) {
                    problems.add(new ConfigProblem(object.location().file(), object.location().line(), object.location().column(),
                            object.kind().yamlName() + " '" + object.name() + "' is also defined at " + first.location().file() + ":"
                                    + first.location().line() + ":" + first.location().column() + "; keep one of them"));
                }
            }
            objects.addAll(result.objects());
            problems.addAll(result.problems());
        }
        return new ParseResult(objects, problems);
    }

    private static boolean isAndon(ConfigObject object, List<SourceFile> andonFiles) {
        return andonFiles.stream().anyMatch(file -> file.path().equals(object.location().file()));
    }

    private void execute(String actor, Plan plan, List<ConfigObject> desired) {
        Map<String, Object> byKey = new HashMap<>();
        desired.forEach(object -> byKey.put(object.kind() + "/" + object.name(), object.value()));
        List<Service> services = new ArrayList<>();
        List<Check> checksToSave = new ArrayList<>();
        List<Heartbeat> heartbeatsToSave = new ArrayList<>();
        List<Integration> integrationsToSave = new ArrayList<>();
        List<MaintenanceWindow> windowsToSave = new ArrayList<>();
        List<Change> deletes = new ArrayList<>();
        for (Change change : plan.changes()) {
            if (change.action() == Action.DELETE) {
                deletes.add(change);
                continue;
            }
            Object value = byKey.get(change.kind() + "/" + change.name());
            switch (change.kind()) {
                case USER -> catalog.saveUser(actor, (User) value);
                case TEAM -> catalog.saveTeam(actor, (Team) value);
                case SYSTEM -> catalog.saveSystem(actor, (CatalogSystem) value);
                case SERVICE -> services.add((Service) value);
                case CHECK -> checksToSave.add((Check) value);
                case HEARTBEAT -> heartbeatsToSave.add((Heartbeat) value);
                case INTEGRATION -> integrationsToSave.add((Integration) value);
                case MAINTENANCE_WINDOW -> windowsToSave.add((MaintenanceWindow) value);
                // After the users and teams they name, before the services that name them (the kinds' order).
                case SCHEDULE -> onCall.saveSchedule(actor, (Schedule) value);
                case ESCALATION_POLICY -> onCall.savePolicy(actor, (EscalationPolicy) value);
            }
        }
        catalog.saveServices(actor, services);
        // After the services they watch; a heartbeat made here gets a ping key no one sees (rotate it to use it).
        checksToSave.forEach(check -> checks.save(actor, check));
        heartbeatsToSave.forEach(heartbeat -> heartbeats.save(actor, heartbeat));
        // An integration made here gets a key no one sees: rotate it (page or API) to use it.
        integrationsToSave.forEach(integration -> integrations.save(actor, integration));
        windowsToSave.forEach(window -> windows.save(actor, window));
        // Checks, heartbeats and integrations first: a service still watched by one cannot be deleted.
        for (Change change : deletes) {
            switch (change.kind()) {
                case CHECK -> checks.deleteInTransaction(actor, change.name());
                case HEARTBEAT -> heartbeats.deleteInTransaction(actor, change.name());
                case INTEGRATION -> integrations.deleteInTransaction(actor, change.name());
                case MAINTENANCE_WINDOW -> windows.deleteInTransaction(actor, change.name());
                default -> { }
            }
        }
        // Services together, so services that depend on each other can be pruned at once.
        catalog.deleteServices(actor, deletes.stream().filter(change -> change.kind() == Kind.SERVICE).map(Change::name).toList());
        for (Change change : deletes) {
            switch (change.kind()) {
                case SERVICE, CHECK, HEARTBEAT, INTEGRATION, MAINTENANCE_WINDOW -> { } // deleted above
                // Policies before schedules (a policy names schedules), both before the users and teams they name.
                case ESCALATION_POLICY -> onCall.deletePolicyInTransaction(actor, change.name());
                case SCHEDULE -> onCall.deleteScheduleInTransaction(actor, change.name());
                case SYSTEM -> catalog.deleteSystem(actor, change.name());
                case TEAM -> catalog.deleteTeam(actor, change.name());
                case USER -> catalog.deleteUser(actor, change.name());
            }
        }
    }

    /** Refuses a file list that is not usable at all. */
    static void requireFiles(List<SourceFile> files) {
        if (files == null || files.isEmpty()) {
            throw new CatalogException(CatalogException.Code.INVALID, "files", "send at least one file: {\"files\":[{\"path\":...,\"content\":...}]}");
        }
    }
}
