package dev.andon.server.web;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.Service;
import dev.andon.checks.HeartbeatSchedule;
import dev.andon.checks.HeartbeatStatus;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.probe.Durations;
import dev.andon.server.access.CurrentUser;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.checks.HeartbeatService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The heartbeat pages: the list of cron and periodic jobs that ping Andon, and the page of one with
 * its schedule, deadline, ping URL and ping log. A new ping URL is rendered in the answer to the
 * POST that made it, never via a redirect, so the key is shown once and stored nowhere but as a hash.
 */
@Controller
public class HeartbeatPages {
    static final List<HeartbeatStatus> ORDER = List.of(HeartbeatStatus.DOWN, HeartbeatStatus.LATE, HeartbeatStatus.NEW, HeartbeatStatus.UP,
            HeartbeatStatus.PAUSED);
    private static final Set<String> STATE_CHANGES = Set.of("heartbeat.new", "heartbeat.up", "heartbeat.late", "heartbeat.down",
            "heartbeat.paused");
    /** Characters of a ping body shown in the log before "show all". */
    private static final int EXCERPT = 120;

    private final HeartbeatService heartbeats;
    private final EventLog events;
    private final CatalogService catalog;
    private final Clock clock;

    public HeartbeatPages(HeartbeatService heartbeats, EventLog events, CatalogService catalog, Clock clock) {
        this.heartbeats = heartbeats;
        this.events = events;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** A heartbeat as listed. Relative times are as of the page's rendering. */
    public record Row(HeartbeatService.StoredHeartbeat stored, String serviceName, String schedule, String grace, String since,
                      String lastPing, String nextDeadline, String nextDeadlineRelative) {
        public String status() {
            return CheckPages.wire(stored.status());
        }

        public String slug() {
            return stored.heartbeat().slug();
        }

        public String name() {
            return stored.heartbeat().name();
        }

        public String service() {
            return stored.heartbeat().service();
        }
    }

    public record ListView(List<Row> rows, Map<String, Long> counts) {}

    /** One logged ping; the body is cut to an excerpt, with the whole of it behind "show all". */
    public record PingView(Instant at, String time, String ago, String kind, Integer exitStatus, String runId, String runDuration,
                           String source, String userAgent, String excerpt, String body) {
        /** Whether the excerpt leaves part of the body out, so the whole of it is offered. */
        public boolean bodyCut() {
            return body != null && body.strip().length() > EXCERPT;
        }
    }

    /** Everything the page of one heartbeat shows; {@code pingKey} is set only in the answer that made a new key. */
    public record DetailView(Row row, Instant runningSince, String runningFor, String pingBase, String pingKey, List<PingView> pings,
                             List<CheckPages.StateChange> changes, List<EventHistory.Entry> history) {
        public HeartbeatService.StoredHeartbeat stored() {
            return row.stored();
        }

        public boolean paused() {
            return row.stored().status() == HeartbeatStatus.PAUSED;
        }

        /** The ping URL as far as the page knows it: the key's first characters, then an ellipsis. */
        public String maskedUrl() {
            return pingBase + row.stored().pingKeyPrefix() + "…";
        }

        public String pingUrl() {
            return pingKey == null ? null : pingBase + pingKey;
        }

        /** How to ping: with the full URL in the answer that made it, with {@code $PING_URL} otherwise. */
        public List<Example> examples() {
            return HeartbeatPages.examples(pingKey == null ? "$PING_URL" : pingUrl());
        }
    }

    /** A way to ping, as a command to copy. */
    public record Example(String label, String command) {}

    static List<Example> examples(String url) {
        String curl = "curl -fsS -m 10 --retry 5 -o /dev/null ";
        return List.of(
                new Example("When the job has worked (in a crontab line, say)", "your-job.sh && " + curl + "\"" + url + "\""),
                new Example("When it starts: measures how long runs take and notices one that never ends", curl + "\"" + url + "/start\""),
                new Example("When it has failed", curl + "\"" + url + "/fail\""),
                new Example("With its exit status: 0 is a success, anything else a failure", "your-job.sh; " + curl + "\"" + url + "/$?\""),
                new Example("With a run id, when runs can overlap: pairs each start with its own finish",
                        "RID=$(uuidgen); " + curl + "\"" + url + "/start?rid=$RID\"; your-job.sh; " + curl + "\"" + url + "/$??rid=$RID\""),
                new Example("With the job's output, kept with the ping (up to 10 kB)",
                        "output=$(your-job.sh 2>&1); " + curl + "--data-raw \"$output\" \"" + url + "/$?\""));
    }

    @GetMapping("/heartbeats")
    public String list(Model model) {
        List<HeartbeatService.StoredHeartbeat> all = heartbeats.all();
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (HeartbeatStatus status : ORDER) {
            long count = all.stream().filter(stored -> stored.status() == status).count();
            if (count > 0) {
                counts.put(CheckPages.wire(status), count);
            }
        }
        model.addAttribute("view", new ListView(rows(all), counts));
        return "heartbeats/list";
    }

    @GetMapping("/heartbeats/{slug}")
    public String show(@PathVariable String slug, Model model) {
        model.addAttribute("view", detail(require(slug), null));
        return "heartbeats/show";
    }

    /** A new ping key: the old URL stops working at once, and the new one is shown in this answer only. */
    @PostMapping("/heartbeats/{slug}/rotate-key")
    public String rotateKey(@PathVariable String slug, Model model) {
        HeartbeatService.WithKey rotated = heartbeats.rotateKey(CurrentUser.name(), require(slug).heartbeat().slug());
        model.addAttribute("view", detail(rotated.heartbeat(), rotated.pingKey()));
        return "heartbeats/show";
    }

    @PostMapping("/heartbeats/{slug}/pause")
    public String pause(@PathVariable String slug) {
        heartbeats.setPaused(CurrentUser.name(), require(slug).heartbeat().slug(), true);
        return "redirect:/heartbeats/" + slug;
    }

    @PostMapping("/heartbeats/{slug}/resume")
    public String resume(@PathVariable String slug) {
        heartbeats.setPaused(CurrentUser.name(), require(slug).heartbeat().slug(), false);
        return "redirect:/heartbeats/" + slug;
    }

    /** The heartbeats of one service, for the service page. */
    List<Row> forService(String service) {
        return rows(heartbeats.forService(service));
    }

    private List<Row> rows(List<HeartbeatService.StoredHeartbeat> stored) {
        Instant now = clock.instant();
        Map<String, String> names = catalog.repository().services().stream()
                .collect(Collectors.toMap(Service::slug, Service::name, (a, b) -> a));
        return stored.stream()
                .sorted(Comparator.comparingInt((HeartbeatService.StoredHeartbeat heartbeat) -> ORDER.indexOf(heartbeat.status()))
                        .thenComparing(heartbeat -> heartbeat.heartbeat().name(), String.CASE_INSENSITIVE_ORDER))
                .map(heartbeat -> row(heartbeat, names, now)).toList();
    }

    private static Row row(HeartbeatService.StoredHeartbeat stored, Map<String, String> names, Instant now) {
        HeartbeatSchedule schedule = stored.heartbeat().schedule();
        String service = stored.heartbeat().service();
        return new Row(stored, names.getOrDefault(service, service), schedule(schedule), Durations.format(schedule.grace()),
                TimeText.since(stored.statusSince(), now), stored.lastPingAt() == null ? "never" : TimeText.relative(stored.lastPingAt(), now),
                TimeText.minute(stored.nextDeadline()), stored.nextDeadline() == null ? "" : TimeText.relative(stored.nextDeadline(), now));
    }

    /** The schedule in words: "every 1h", or cron "0 2 * * *" Europe/Amsterdam. */
    static String schedule(HeartbeatSchedule schedule) {
        return switch (schedule) {
            case HeartbeatSchedule.Simple simple -> "every " + Durations.format(simple.period());
            case HeartbeatSchedule.Cron cron -> "cron \"" + cron.expression() + "\" " + cron.zone().getId();
        };
    }

    private DetailView detail(HeartbeatService.StoredHeartbeat stored, String pingKey) {
        Instant now = clock.instant();
        Map<String, String> names = catalog.repository().services().stream()
                .collect(Collectors.toMap(Service::slug, Service::name, (a, b) -> a));
        Instant runningSince = stored.state().earliestRunningStart().orElse(null);
        List<PingView> pings = heartbeats.pings(stored.id(), 50).stream().map(ping -> new PingView(ping.at(), TimeText.second(ping.at()),
                TimeText.relative(ping.at(), now), ping.kind(), ping.exitStatus(), ping.runId() == null ? null : ping.runId().toString(),
                ping.runDurationMillis() == null ? null : TimeText.duration(Duration.ofMillis(ping.runDurationMillis())),
                ping.source(), ping.userAgent(), excerpt(ping.body()), ping.body())).toList();
        List<Event> log = events.forObject("heartbeat", stored.heartbeat().slug(), 200);
        List<CheckPages.StateChange> changes = log.stream().filter(event -> STATE_CHANGES.contains(event.kind())).limit(30)
                .map(CheckPages::stateChange).toList();
        List<EventHistory.Entry> history = EventHistory.of(log.stream().filter(event -> !STATE_CHANGES.contains(event.kind())).limit(30).toList());
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString() + "/ping/";
        return new DetailView(row(stored, names, now), runningSince, runningSince == null ? null : TimeText.duration(Duration.between(runningSince, now)),
                base, pingKey, pings, changes, history);
    }

    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String flat = body.strip();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT).stripTrailing() + "…";
    }

    private HeartbeatService.StoredHeartbeat require(String slug) {
        return heartbeats.find(slug)
                .orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "slug", "there is no heartbeat '" + slug + "'"));
    }
}
