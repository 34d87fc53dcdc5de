package dev.andon.checks;

import dev.andon.catalog.Slug;

/**
 * A heartbeat (cron) monitor: a job pings Andon when it runs, and Andon notices when the pings
 * stop coming on {@link HeartbeatSchedule schedule}. Linked to the service the job belongs to.
 */
public record Heartbeat(String slug, String name, String service, HeartbeatSchedule schedule, boolean paused) {

    public Heartbeat {
        name = name == null || name.isBlank() ? slug : name;
    }

    /** Throws {@link InvalidCheckException} naming the first field that is wrong. */
    public Heartbeat validate() {
        String slugProblem = Slug.problem(slug);
        if (slugProblem != null) {
            throw new InvalidCheckException("name", slugProblem);
        }
        if (service == null || service.isBlank()) {
            throw new InvalidCheckException("service", "is required: the slug of the service the job belongs to");
        }
        if (schedule == null) {
            throw new InvalidCheckException("schedule", "is required: a period (with grace) or a cron expression");
        }
        return this;
    }
}
