package dev.andon.probe;

/** A probe definition that cannot run; {@link #field()} names the offending field (e.g. {@code http.url}). */
public final class InvalidProbeException extends IllegalArgumentException {
    private final String field;

    public InvalidProbeException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
