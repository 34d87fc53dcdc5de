package dev.andon.config;

import java.util.List;

/** One step of a plan; only updates list fields, because a create or delete concerns the whole object. */
public record Change(Action action, Kind kind, String name, List<FieldChange> fields) {
    public Change {
        fields = List.copyOf(fields);
    }
}
