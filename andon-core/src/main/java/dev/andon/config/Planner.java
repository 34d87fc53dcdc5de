package dev.andon.config;

import dev.andon.catalog.Catalog;
import dev.andon.catalog.Dependency;
import dev.andon.catalog.DependencyKind;
import dev.andon.catalog.Link;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Computes what to change so the catalog matches the files, like a Terraform plan: nothing is applied
 * here, so people can review the plan first, and broken references are found before any write.
 */
public final class Planner {
    private static final int SHORT_VALUE = 60;

    private Planner() {}

    /**
     * @param prune             delete current objects of the kinds the files declare that no file names
     * @param protectedUsername a user never deleted, so whoever applies the plan cannot lock themselves out
     */
    public static Plan plan(Catalog current, List<ConfigObject> desired, boolean prune, String protectedUsername) {
        Map<Kind, Map<String, Object>> existing = new EnumMap<>(Kind.class);
        Map<Kind, Map<String, ConfigObject>> wanted = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            Map<String, Object> byName = new TreeMap<>();
            CatalogFields.objects(current, kind).forEach(value -> byName.put(CatalogFields.name(value), value));
            existing.put(kind, byName);
            wanted.put(kind, new TreeMap<>());
        }
        desired.forEach(object -> wanted.get(object.kind()).putIfAbsent(object.name(), object));

        List<Change> changes = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            // Within a kind, creates go first: an update may start to refer to an object created by this plan.
            List<Change> updates = new ArrayList<>();
            for (ConfigObject object : wanted.get(kind).values()) {
                Object before = existing.get(kind).get(object.name());
                if (before == null) {
                    changes.add(new Change(Action.CREATE, kind, object.name(), List.of()));
                } else {
                    List<FieldChange> fields = differences(before, object.value());
                    if (!fields.isEmpty()) {
                        updates.add(new Change(Action.UPDATE, kind, object.name(), fields));
                    }
                }
            }
            changes.addAll(updates);
        }
        Map<Kind, Set<String>> deleted = new EnumMap<>(Kind.class);
        // Whatever names a service goes first: a service still watched or quieted by one cannot be deleted.
        for (Kind kind : List.of(Kind.CHECK, Kind.HEARTBEAT, Kind.INTEGRATION, Kind.MAINTENANCE_WINDOW, Kind.SERVICE, Kind.SYSTEM,
                Kind.ESCALATION_POLICY, Kind.SCHEDULE, Kind.TEAM, Kind.USER)) {
            Set<String> names = new HashSet<>();
            // Only kinds the files manage are pruned: a repository of services alone must not delete every team.
            if (prune && !wanted.get(kind).isEmpty()) {
                for (String name : existing.get(kind).keySet()) {
                    if (!wanted.get(kind).containsKey(name) && !(kind == Kind.USER && name.equals(protectedUsername))) {
                        names.add(name);
                        changes.add(new Change(Action.DELETE, kind, name, List.of()));
                    }
                }
            }
            deleted.put(kind, names);
        }
        return new Plan(changes, referenceProblems(existing, wanted, deleted));
    }

    /**
     * Every reference of every object that survives the plan must name an object that survives too:
     * desired objects are checked at the referencing field, objects outside the files at the file
     * that declares the kind whose object the plan would delete.
     */
    private static List<ConfigProblem> referenceProblems(Map<Kind, Map<String, Object>> existing,
            Map<Kind, Map<String, ConfigObject>> wanted, Map<Kind, Set<String>> deleted) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (ConfigObject object : wanted.get(kind).values()) {
                for (CatalogFields.Reference reference : CatalogFields.references(object.value())) {
                    String missing = missing(reference, existing, wanted, deleted);
                    if (missing != null) {
                        problems.add(ConfigProblem.at(object.locate(reference.field()), missing));
                    }
                }
            }
            for (Map.Entry<String, Object> entry : existing.get(kind).entrySet()) {
                if (wanted.get(kind).containsKey(entry.getKey()) || deleted.get(kind).contains(entry.getKey())) {
                    continue;
                }
                for (CatalogFields.Reference reference : CatalogFields.references(entry.getValue())) {
                    if (deleted.get(reference.kind()).contains(reference.name())) {
                        ConfigObject declaring = wanted.get(reference.kind()).values().iterator().next();
                        problems.add(ConfigProblem.at(declaring.location(), reference.kind().yamlName() + " '" + reference.name()
                                + "' would be deleted because no file defines it, but " + kind.yamlName() + " '" + entry.getKey()
                                + "' still refers to it in " + reference.field() + ": add " + reference.kind().yamlName()
                                + " '" + reference.name() + "' to the files or change " + entry.getKey() + " first"));
                    }
                }
            }
        }
        return problems;
    }

    private static String missing(CatalogFields.Reference reference, Map<Kind, Map<String, Object>> existing,
            Map<Kind, Map<String, ConfigObject>> wanted, Map<Kind, Set<String>> deleted) {
        String what = reference.kind().yamlName() + " '" + reference.name() + "'";
        if (wanted.get(reference.kind()).containsKey(reference.name())) {
            return null;
        }
        if (deleted.get(reference.kind()).contains(reference.name())) {
            return reference.field() + " refers to " + what + ", which this plan deletes because no file defines it: "
                    + "add it to the files or remove the reference";
        }
        if (!existing.get(reference.kind()).containsKey(reference.name())) {
            return reference.field() + " refers to " + what + ", which does not exist: define a " + reference.kind().yamlName()
                    + " named " + reference.name() + " or fix the name";
        }
        return null;
    }

    /**
     * The fields that differ, nested settings one line each ({@code http.url}); a field only one side
     * has (the http settings of a check that becomes a tcp check) is listed after the others.
     */
    private static List<FieldChange> differences(Object before, Object after) {
        Map<String, Object> old = flatten(CatalogFields.fields(before));
        Map<String, Object> now = flatten(CatalogFields.fields(after));
        Set<String> fields = new LinkedHashSet<>(now.keySet());
        fields.addAll(old.keySet());
        List<FieldChange> changes = new ArrayList<>();
        for (String field : fields) {
            if (!Objects.equals(old.get(field), now.get(field))) {
                // A webhook URL or signing secret of a contact method is a credential: the plan says it changed, not to what.
                boolean secret = field.matches("contactMethods\\[\\d+]\\.secret")
                        || field.matches("contactMethods\\[\\d+]\\.address")
                        && (String.valueOf(now.get(field)).startsWith("http") || String.valueOf(old.get(field)).startsWith("http"));
                changes.add(secret ? new FieldChange(field, old.get(field) == null ? "(none)" : "(hidden)",
                        now.get(field) == null ? "(none)" : "(hidden, changed)") : new FieldChange(field, render(old.get(field)), render(now.get(field))));
            }
        }
        return changes;
    }

    private static Map<String, Object> flatten(Map<String, Object> fields) {
        Map<String, Object> flat = new LinkedHashMap<>();
        fields.forEach((field, value) -> flatten(field, value, flat));
        return flat;
    }

    /**
     * Lists of mappings (contact methods, layers, tiers) one item field per line ({@code contactMethods[2].secret}),
     * so a change names the field and a contact method's credential can be hidden by its field name.
     */
    private static void flatten(String field, Object value, Map<String, Object> flat) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((name, nested) -> flatten(field + "." + name, nested, flat));
        } else if (value instanceof List<?> items && !items.isEmpty() && items.stream().allMatch(Map.class::isInstance)) {
            for (int index = 0; index < items.size(); index++) {
                flatten(field + "[" + index + "]", items.get(index), flat);
            }
        } else {
            flat.put(field, value);
        }
    }

    /** A value short enough for one line of a plan: lists as [a, b], no value as (none). */
    static String render(Object value) {
        return switch (value) {
            case null -> "(none)";
            case Collection<?> items -> items.stream().map(Planner::render).collect(Collectors.joining(", ", "[", "]"));
            case Link link -> link.type() + " \"" + shorten(link.title()) + "\" " + link.url();
            case Dependency dependency -> dependency.service() + (dependency.kind() == DependencyKind.SOFT ? " (soft)" : "");
            case String text when text.isEmpty() -> "\"\"";
            default -> shorten(value.toString());
        };
    }

    private static String shorten(String text) {
        String line = text.replace("\n", "\\n");
        return line.length() <= SHORT_VALUE ? line : line.substring(0, SHORT_VALUE - 3) + "...";
    }
}
