package dev.andon.config;

import java.util.List;

/**
 * What the files declare and everything wrong with them, all at once so a user fixes every problem in
 * one pass. Objects of a result with problems may hold defaults in place of bad values: apply only when ok.
 */
public record ParseResult(List<ConfigObject> objects, List<ConfigProblem> problems) {
    public ParseResult {
        objects = List.copyOf(objects);
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
