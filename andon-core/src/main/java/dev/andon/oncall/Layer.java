package dev.andon.oncall;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One layer of a schedule: its users take turns in order, each for one {@link RotationLength}, the
 * first starting at {@code start} (local time in the schedule's zone, which also fixes the handoff
 * time of day). Restrictions limit when the layer is in force; {@code end}, when set, ends it.
 */
public record Layer(String name, LocalDateTime start, RotationLength shift, List<String> users, List<Restriction> restrictions,
                    LocalDateTime end) {
    public Layer {
        users = List.copyOf(users);
        restrictions = restrictions == null ? List.of() : List.copyOf(restrictions);
    }
}
