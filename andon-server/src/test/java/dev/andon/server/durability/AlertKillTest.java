package dev.andon.server.durability;

import static dev.andon.server.support.ServerProcesses.awaitReady;
import static dev.andon.server.support.ServerProcesses.basic;
import static dev.andon.server.support.ServerProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.AndonMain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server killed with -9 (the JVM and every process of its embedded PostgreSQL at once,
 * as a crash of the host's process tree would) while clients post PagerDuty events to /v2/enqueue:
 * after a restart on the same data every event answered 202 is in the alerts table, with the
 * status and dedup count its acknowledged events give it. It can see loss: with
 * {@code alter database andon set synchronous_commit = off} after the first start, it failed on
 * acknowledged events missing after the restart (tried by hand, twice).
 */
class AlertKillTest {
    private static final String PASSWORD = "kill-test-password";
    private static final String INTEGRATION = "kill-events";
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    /** Clients posting at once: enough for the writer to commit batches of several events. */
    private static final int CLIENTS = 12;
    /** 202s to collect before the kill: a few hundred keys, every kind of sequence many times over. */
    private static final int KILL_AFTER = 600;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dataDir;

    private enum Action {
        TRIGGER, ACKNOWLEDGE, RESOLVE;

        String text() {
            return name().toLowerCase();
        }
    }

    /** What a client sent for one dedup key: the events answered 202, in order, and the one sent last if it got no 202. */
    private static final class Sent {
        final List<Action> acknowledged = new ArrayList<>();
        Action unanswered;
    }

    /** The stored state of one alert, as the test compares it: status, dedup count and the kinds on its timeline. */
    private record State(String status, int dedupCount, String timeline) {}

    /**
     * What PagerDuty's rules ({@link dev.andon.alerts.AlertRules}) make of these events on a fresh
     * key: a trigger opens the alert or is counted on it, an acknowledge applies to a triggered
     * alert, a resolve to an open one.
     */
    private static State expected(List<Action> events) {
        String status = null;
        int dedupCount = 0;
        List<String> timeline = new ArrayList<>();
        for (Action event : events) {
            switch (event) {
                case TRIGGER -> {
                    if (status == null) {
                        status = "triggered";
                        timeline.add("triggered");
                    } else {
                        dedupCount++;
                    }
                }
                case ACKNOWLEDGE -> {
                    if ("triggered".equals(status)) {
                        status = "acknowledged";
                        timeline.add("acknowledged");
                    }
                }
                case RESOLVE -> {
                    if (status != null && !"resolved".equals(status)) {
                        status = "resolved";
                        timeline.add("resolved");
                    }
                }
            }
        }
        return new State(status, dedupCount, String.join(",", timeline));
    }

    /**
     * The events a client sends for its n-th key, so that every status ends some keys' sequences:
     * a lone trigger; a trigger and its duplicate; acknowledged; acknowledged then triggered again
     * (counted, stays acknowledged); acknowledged and resolved; resolved without an acknowledge.
     */
    private static List<Action> sequence(int n) {
        return switch (n % 8) {
            case 0, 1, 2 -> List.of(Action.TRIGGER);
            case 3 -> List.of(Action.TRIGGER, Action.TRIGGER);
            case 4 -> List.of(Action.TRIGGER, Action.ACKNOWLEDGE);
            case 5 -> List.of(Action.TRIGGER, Action.ACKNOWLEDGE, Action.TRIGGER);
            case 6 -> List.of(Action.TRIGGER, Action.ACKNOWLEDGE, Action.TRIGGER, Action.RESOLVE);
            default -> List.of(Action.TRIGGER, Action.RESOLVE);
        };
    }

    @Test
    void everyEventAnswered202SurvivesKillNineOfTheServerAndItsDatabase() throws Exception {
        int port = freePort();
        int databasePort = freePort();
        Process server = start(port, databasePort);
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        int inFlightAtKill;
        long posting = System.nanoTime();
        long postedMillis;
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        try {
            awaitReady(client, port, server);
            String key = createIntegration(port);
            for (int c = 0; c < CLIENTS; c++) {
                int clientNumber = c;
                clients.add(Thread.ofPlatform().name("kill-test-client-" + c).start(() -> {
                    // Sends key after key, each key's events in order, until the server stops answering 202.
                    for (int n = 0; !stop.get(); n++) {
                        String dedupKey = "kill-" + clientNumber + "-" + n;
                        Sent record = new Sent();
                        sent.put(dedupKey, record);
                        for (Action action : sequence(n)) {
                            record.unanswered = action;
                            inFlight.incrementAndGet();
                            int status;
                            try {
                                status = post(port, event(key, dedupKey, action)).statusCode();
                            } catch (IOException e) {
                                status = -1; // killed under the request, or refused after the kill
                            } catch (InterruptedException e) {
                                return;
                            } finally {
                                inFlight.decrementAndGet();
                            }
                            if (status != 202) {
                                // Not acknowledged: it may or may not be stored, and this key's later events would be ambiguous.
                                return;
                            }
                            record.acknowledged.add(action);
                            record.unanswered = null;
                            accepted.incrementAndGet();
                        }
                    }
                }));
            }
            posting = System.nanoTime();
            long deadline = posting + TimeUnit.SECONDS.toNanos(60);
            while (accepted.get() < KILL_AFTER || inFlight.get() < CLIENTS / 2) {
                assertThat(System.nanoTime()).as("%d of %d events answered 202 in 60 s", accepted.get(), KILL_AFTER).isLessThan(deadline);
                assertThat(clients).as("clients still posting (one got an answer other than 202)").allMatch(Thread::isAlive);
                Thread.sleep(1);
            }
        } finally {
            // SIGKILL to the JVM and to PostgreSQL: no shutdown hook, no checkpoint, nothing flushed
            // on the way out; only what PostgreSQL had made durable at commit is left.
            List<ProcessHandle> postgres = postgresProcesses();
            inFlightAtKill = inFlight.get();
            postedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - posting);
            server.destroyForcibly();
            postgres.forEach(ProcessHandle::destroyForcibly);
            stop.set(true);
            server.waitFor(30, TimeUnit.SECONDS);
            for (ProcessHandle process : postgres) {
                process.onExit().get(30, TimeUnit.SECONDS);
            }
            for (Thread thread : clients) {
                thread.join(Duration.ofSeconds(30));
            }
        }
        int acceptedAtKill = accepted.get();

        Process restarted = start(port, databasePort);
        try {
            awaitReady(client, port, restarted);
            // Events answered 202 may still have been waiting to be applied at the kill: the
            // restarted server applies them from the inbox.
            long waitingAtRestart = awaitInboxApplied(databasePort);
            Map<String, List<State>> stored = storedAlerts(databasePort);

            int checked = 0;
            Map<String, Integer> byStatus = new HashMap<>();
            for (Map.Entry<String, Sent> entry : sent.entrySet()) {
                Sent record = entry.getValue();
                if (record.acknowledged.isEmpty()) {
                    continue; // never acknowledged: it may or may not be there
                }
                State acknowledged = expected(record.acknowledged);
                List<State> allowed = new ArrayList<>(List.of(acknowledged));
                if (record.unanswered != null) {
                    // The event sent after the last 202 may have been committed just before the kill.
                    allowed.add(expected(Stream.concat(record.acknowledged.stream(), Stream.of(record.unanswered)).toList()));
                }
                assertThat(stored.getOrDefault(entry.getKey(), List.of()))
                        .as("alerts under dedup key %s after the events answered 202: %s (then unanswered: %s)", entry.getKey(),
                                record.acknowledged, record.unanswered)
                        .singleElement().isIn(allowed);
                byStatus.merge(acknowledged.status(), 1, Integer::sum);
                checked++;
            }
            assertThat(stored.keySet()).as("alerts under keys no client sent").isSubsetOf(sent.keySet());
            assertThat(byStatus).as("keys by the status their events answered 202 give them").containsKeys("triggered", "acknowledged", "resolved");
            assertThat(checked).isGreaterThan(KILL_AFTER / 4);
            System.out.printf("AlertKillTest: %d events answered 202 before the kill in %d ms (%d keys by status %s),"
                    + " %d requests in flight at the kill, %d events still waiting to be applied after the restart; all found%n", acceptedAtKill,
                    postedMillis, checked, byStatus, inFlightAtKill, waitingAtRestart);
        } finally {
            restarted.destroy(); // SIGTERM: a clean stop that also stops PostgreSQL
            assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    private String createIntegration(int port) throws Exception {
        HttpResponse<String> service = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/services"))
                .header("Authorization", basic(PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"kill\",\"name\":\"Kill\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(service.statusCode()).as(service.body()).isEqualTo(201);
        HttpResponse<String> integration = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/integrations"))
                .header("Authorization", basic(PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"" + INTEGRATION + "\",\"service\":\"kill\",\"type\":\"events-v2\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(integration.statusCode()).as(integration.body()).isEqualTo(201);
        return JSON.readTree(integration.body()).path("key").asString();
    }

    private static String event(String key, String dedupKey, Action action) {
        String payload = action == Action.TRIGGER
                ? ",\"payload\":{\"summary\":\"Disk 95% full on " + dedupKey + "\",\"source\":\"kill-test\",\"severity\":\"error\"}"
                : "";
        return "{\"routing_key\":\"" + key + "\",\"dedup_key\":\"" + dedupKey + "\",\"event_action\":\"" + action.text() + "\"" + payload + "}";
    }

    private HttpResponse<Void> post(int port, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/enqueue")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** The postmaster of our data directory and all its children (it runs detached from the JVM that started it); none if not started. */
    private List<ProcessHandle> postgresProcesses() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).getFirst().trim());
            return ProcessHandle.of(pid).filter(process -> process.info().command().map(command -> command.contains("postgres")).orElse(false))
                    .map(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList()).orElse(List.of());
        } catch (IOException | RuntimeException notStarted) {
            return List.of();
        }
    }

    /** Waits until the inbox holds no event waiting to be applied, and none set aside; how many were waiting at first. */
    private long awaitInboxApplied(int databasePort) throws Exception {
        String password = Files.readString(dataDir.resolve("postgres-password")).trim();
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + databasePort + "/andon", "postgres", password);
             PreparedStatement count = connection.prepareStatement(
                     "select count(*) filter (where failed_at is null), count(*) filter (where failed_at is not null) from alert_inbox")) {
            long first = -1;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    assertThat(row.getLong(2)).as("events set aside as failing to apply").isZero();
                    long waiting = row.getLong(1);
                    if (first < 0) {
                        first = waiting;
                    }
                    if (waiting == 0) {
                        return first;
                    }
                    assertThat(System.nanoTime() - until).as("%d events still waiting to be applied after 60 s", waiting).isNegative();
                }
                Thread.sleep(100);
            }
        }
    }

    /** The integration's alerts by dedup key, read straight from the database. */
    private Map<String, List<State>> storedAlerts(int databasePort) throws Exception {
        String password = Files.readString(dataDir.resolve("postgres-password")).trim();
        Map<String, List<State>> stored = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + databasePort + "/andon", "postgres", password);
             PreparedStatement select = connection.prepareStatement("""
                     select a.dedup_key, a.status, a.dedup_count,
                            (select coalesce(string_agg(l.kind, ',' order by l.id), '') from alert_log l where l.alert_id = a.id) as timeline
                     from alerts a join integrations i on i.id = a.integration_id
                     where i.slug = ?""")) {
            select.setString(1, INTEGRATION);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.computeIfAbsent(rows.getString(1), dedupKey -> new ArrayList<>())
                            .add(new State(rows.getString(2), rows.getInt(3), rows.getString(4)));
                }
            }
        }
        assertThat(Set.copyOf(stored.values().stream().flatMap(List::stream).map(State::status).toList()))
                .as("statuses stored").isSubsetOf("triggered", "acknowledged", "resolved");
        return stored;
    }

    private Process start(int port, int databasePort) throws IOException {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        // C1 only and the serial collector, as for a quick start: the test needs the server up twice, not its peak throughput.
        ProcessBuilder builder = new ProcessBuilder(javaCommand, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                AndonMain.class.getName(), "server", "--server.port=" + port, "--andon.data-dir=" + dataDir,
                "--andon.database.embedded-port=" + databasePort)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dataDir.resolveSibling(dataDir.getFileName() + "-server.log").toFile()));
        builder.environment().put("ANDON_ADMIN_PASSWORD", PASSWORD);
        builder.environment().remove("ANDON_DATABASE_URL");
        return builder.start();
    }

}
