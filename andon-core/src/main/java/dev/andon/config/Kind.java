package dev.andon.config;

/**
 * The kinds of object a configuration document can declare, in the order they must be created:
 * schedules and escalation policies name users (and services name their policy); checks, heartbeats,
 * integrations and maintenance windows come last because they name services (and are deleted first
 * for that reason).
 */
public enum Kind {
    USER("User"), TEAM("Team"), SCHEDULE("Schedule"), ESCALATION_POLICY("EscalationPolicy"), SYSTEM("System"), SERVICE("Service"),
    CHECK("Check"), HEARTBEAT("Heartbeat"), INTEGRATION("Integration"), MAINTENANCE_WINDOW("MaintenanceWindow");

    private final String yamlName;

    Kind(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** The kind spelled exactly as in YAML, or null so the caller can report the unknown kind where it is. */
    public static Kind fromYaml(String value) {
        for (Kind kind : values()) {
            if (kind.yamlName.equals(value)) {
                return kind;
            }
        }
        return null;
    }

    /** "User, Team, System, ..., MaintenanceWindow": what to suggest when a kind is unknown. */
    static String known() {
        return String.join(", ", java.util.Arrays.stream(values()).map(Kind::yamlName).toList());
    }
}
