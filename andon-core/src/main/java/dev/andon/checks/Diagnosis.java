package dev.andon.checks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the locations of a check agree and where they part ways, step by step, with the
 * differences spelled out as sentences for the check page and for alerts.
 */
public record Diagnosis(List<Step> steps, List<String> findings) {

    public Diagnosis {
        steps = List.copyOf(steps);
        findings = List.copyOf(findings);
    }

    /**
     * One step of a check (DNS answer, Connect, TLS, HTTP status, Result) as each location saw it,
     * in location order; locations with nothing to say about the step are left out. {@code differs}
     * is true when the locations disagree on what matters in the step (the answer, whether it
     * connected, the protocol, the status), not on timing or wording.
     */
    public record Step(String name, Map<String, String> byLocation, boolean differs) {
        public Step {
            byLocation = Collections.unmodifiableMap(new LinkedHashMap<>(byLocation));
        }
    }
}
