package dev.andon.alerts;

/**
 * An integration or maintenance window definition that cannot be used, naming the field at fault so
 * the API and the config planner can point the user at it. The message reads {@code "field: what is wrong"}.
 */
public class InvalidAlertSettingException extends IllegalArgumentException {
    private final String field;
    private final String problem;

    public InvalidAlertSettingException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The field at fault, as the user wrote it ({@code mapping.title}, {@code severities.page}, {@code rrule}...). */
    public String field() {
        return field;
    }

    /** What is wrong with the field, without the field name. */
    public String problem() {
        return problem;
    }
}
