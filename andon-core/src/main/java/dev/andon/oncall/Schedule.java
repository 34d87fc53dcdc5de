package dev.andon.oncall;

import java.time.ZoneId;
import java.util.List;

/**
 * An on-call schedule: layers of rotations in one time zone. Where several layers are in force at
 * once, the one later in the list (the higher layer) wins; overrides, kept apart because people add
 * them by hand, win over every layer.
 */
public record Schedule(String slug, String name, String description, String team, ZoneId zone, List<Layer> layers) {
    public Schedule {
        name = name == null || name.isBlank() ? slug : name;
        description = description == null ? "" : description;
        layers = List.copyOf(layers);
    }
}
