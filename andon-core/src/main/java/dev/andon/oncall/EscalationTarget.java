package dev.andon.oncall;

/** Who a tier of an escalation policy pages: a user by username, or whoever is on call for a schedule. */
public record EscalationTarget(Kind kind, String name) {
    public enum Kind { USER, SCHEDULE }

    public static EscalationTarget user(String username) {
        return new EscalationTarget(Kind.USER, username);
    }

    public static EscalationTarget schedule(String slug) {
        return new EscalationTarget(Kind.SCHEDULE, slug);
    }
}
