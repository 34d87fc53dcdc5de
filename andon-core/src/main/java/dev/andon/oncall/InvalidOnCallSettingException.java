package dev.andon.oncall;

/**
 * A schedule, escalation policy, contact method or notification rule that cannot be used, naming the
 * field at fault ({@code layers[0].shift}, {@code tiers[1].targets[0]}) so the API and the config
 * planner can point at it. The message reads {@code "field: what is wrong"}.
 */
public class InvalidOnCallSettingException extends IllegalArgumentException {
    private final String field;
    private final String problem;

    public InvalidOnCallSettingException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
