package dev.andon.slo;

/** An SLO definition that cannot be used; {@code field} names where, as written ({@code window.timeZone}, {@code alerts[1].long}). */
public class InvalidSloException extends RuntimeException {
    private final String field;

    public InvalidSloException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
