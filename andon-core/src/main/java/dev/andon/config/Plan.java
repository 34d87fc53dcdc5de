package dev.andon.config;

import java.util.List;

/**
 * The steps that make the catalog match the files, in an order that can be applied one by one, and the
 * problems that forbid applying them. Reviewed by people before anything changes, hence {@link #render()}.
 */
public record Plan(List<Change> changes, List<ConfigProblem> problems) {
    public Plan {
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The plan as people read it in a terminal or a pull-request comment, problems last so they stay in view. */
    public String render() {
        StringBuilder out = new StringBuilder();
        if (changes.isEmpty() && problems.isEmpty()) {
            return "No changes. The catalog matches the files.\n";
        }
        int[] counts = new int[Action.values().length];
        for (Change change : changes) {
            counts[change.action().ordinal()]++;
            String verb = switch (change.action()) {
                case CREATE -> "+ create ";
                case UPDATE -> "~ update ";
                case DELETE -> "- delete ";
            };
            out.append(verb).append(change.kind().yamlName()).append(' ').append(change.name()).append('\n');
            for (FieldChange field : change.fields()) {
                out.append("    ").append(field.field()).append(": ")
                        .append(field.before()).append(" -> ").append(field.after()).append('\n');
            }
        }
        if (!changes.isEmpty()) {
            out.append("Plan: ").append(counts[Action.CREATE.ordinal()]).append(" to create, ")
                    .append(counts[Action.UPDATE.ordinal()]).append(" to update, ")
                    .append(counts[Action.DELETE.ordinal()]).append(" to delete.\n");
        }
        if (!problems.isEmpty()) {
            out.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems")
                    .append(" must be fixed before this plan can be applied:\n");
            problems.forEach(problem -> out.append("  ").append(problem).append('\n'));
        }
        return out.toString();
    }
}
