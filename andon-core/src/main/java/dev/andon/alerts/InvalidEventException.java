package dev.andon.alerts;

import java.util.List;

/**
 * An inbound event that cannot be used. {@link #errors()} lists every problem, each naming the
 * field as the sender wrote it ({@code payload.summary}, {@code alerts[2].fingerprint}); the
 * ingestion endpoints answer 400 with them in the contract's shape.
 */
public class InvalidEventException extends IllegalArgumentException {
    private final List<String> errors;

    public InvalidEventException(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
