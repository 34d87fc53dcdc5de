package dev.andon.server.cli;

import dev.andon.probe.ProbeScheduler;
import dev.andon.probe.ProbeSpecs;
import dev.andon.server.checks.ResultJson;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code andon agent}: a remote vantage point. It needs no database: it pulls its location's checks
 * from the server, runs them with the same probes and scheduler as the server, and pushes results.
 * While the server is unreachable it keeps probing with the checks it has and buffers results
 * (up to a bound, oldest dropped first) until an upload succeeds; the server ignores a result it
 * already stored, so a retried upload never counts twice.
 */
public final class AgentMain {
    static final int BUFFER_LIMIT = 100_000;
    private static final JsonMapper JSON = ProbeSpecs.json();

    private final URI server;
    private final String token;
    private final String location;
    private final PrintStream log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Results waiting for upload, as compact JSON text (a few hundred bytes each: 100,000 fit in about 40 MB). */
    private final Deque<String> buffer = new ArrayDeque<>();
    private final ProbeScheduler scheduler;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile long dropped;
    private volatile long uploaded;

    AgentMain(URI server, String token, String location, PrintStream log) {
        this.server = server;
        this.token = token;
        this.location = location;
        this.log = log;
        this.scheduler = new ProbeScheduler(Clock.systemUTC(), 4096, this::buffer);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String server = System.getenv().getOrDefault("ANDON_URL", "http://localhost:8080");
        String token = System.getenv("ANDON_AGENT_TOKEN");
        String location = System.getenv("ANDON_LOCATION");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--server" -> server = value;
                case "--token" -> token = value;
                case "--location" -> location = value;
                default -> {
                    err.println("andon agent: unknown option '" + args[i] + "'\nUsage: andon agent --server URL --token TOKEN --location NAME");
                    return 2;
                }
            }
            i++;
        }
        if (server == null || token == null || token.isBlank() || location == null || location.isBlank()) {
            err.println("andon agent: --server, --token and --location are required (or ANDON_URL, ANDON_AGENT_TOKEN, ANDON_LOCATION).\n"
                    + "Create the location and its token on the server's agents page (/agents) or with POST /api/v1/agents.");
            return 2;
        }
        AgentMain agent = new AgentMain(URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server), token, location, out);
        Runtime.getRuntime().addShutdownHook(new Thread(agent::stop));
        return agent.loop();
    }

    int loop() {
        log.println("andon agent: location " + location + ", server " + server);
        Thread uploader = Thread.ofPlatform().name("andon-agent-upload").daemon(true).start(this::uploadLoop);
        long pollSeconds = 30;
        boolean first = true;
        try {
            while (stopped.getCount() > 0) {
                try {
                    pollSeconds = poll();
                    first = false;
                } catch (WrongLocationException e) {
                    log.println("andon agent: " + e.getMessage());
                    return 1;
                } catch (Exception e) {
                    log.println("andon agent: cannot fetch assignments (" + e.getMessage() + "); " + (first ? "retrying" : "keeping the current checks"));
                }
                if (stopped.await(first ? 5 : pollSeconds, TimeUnit.SECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            scheduler.close();
            uploader.interrupt();
        }
        return 0;
    }

    void stop() {
        stopped.countDown();
    }

    private static final class WrongLocationException extends RuntimeException {
        WrongLocationException(String message) {
            super(message);
        }
    }

    private long poll() throws Exception {
        HttpResponse<String> response = http.send(request("/api/v1/agent/assignments").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            throw new IllegalStateException("the server refused the agent token (401); rotate it on the agents page");
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        JsonNode body = JSON.readTree(response.body());
        String serverLocation = body.path("location").asString();
        if (!serverLocation.equals(location)) {
            throw new WrongLocationException("the token belongs to location '" + serverLocation + "', not '" + location + "'; stopping");
        }
        List<ProbeScheduler.Assignment> assignments = new ArrayList<>();
        for (JsonNode check : body.path("checks")) {
            try {
                assignments.add(new ProbeScheduler.Assignment(check.path("id").asLong(), check.path("slug").asString(),
                        ProbeSpecs.fromJson(check.path("type").asString(), check.path("spec")),
                        Duration.ofMillis(check.path("intervalMs").asLong()), Duration.ofMillis(check.path("timeoutMs").asLong()),
                        check.path("retries").asInt()));
            } catch (RuntimeException e) {
                // A check this agent version cannot read must not stop the others.
                log.println("andon agent: skipping check " + check.path("slug").asString() + ": " + e.getMessage());
            }
        }
        int before = scheduler.size();
        scheduler.replace(assignments);
        if (before != assignments.size()) {
            log.println("andon agent: running " + assignments.size() + " checks");
        }
        return Math.max(5, body.path("pollSeconds").asLong(30));
    }

    private void buffer(ProbeScheduler.Outcome outcome) {
        ObjectNode result = JSON.createObjectNode();
        result.put("id", UUID.randomUUID().toString());
        result.put("checkId", outcome.assignment().checkId());
        result.put("at", outcome.startedAt().toString());
        result.set("result", ResultJson.write(outcome.result()));
        result.put("checkerFailure", outcome.checkerFailure());
        synchronized (buffer) {
            if (buffer.size() >= BUFFER_LIMIT) {
                buffer.pollFirst();
                dropped++;
            }
            buffer.addLast(result.toString());
            buffer.notifyAll();
        }
    }

    private void uploadLoop() {
        long backoff = 1000;
        while (!Thread.currentThread().isInterrupted()) {
            List<String> batch = new ArrayList<>();
            try {
                synchronized (buffer) {
                    if (buffer.isEmpty()) {
                        buffer.wait(1000);
                    }
                    buffer.stream().limit(dev.andon.server.api.AgentApi.MAX_UPLOAD).forEach(batch::add);
                }
                if (batch.isEmpty()) {
                    continue;
                }
                String body = "{\"results\":[" + String.join(",", batch) + "]}";
                HttpResponse<String> response = http.send(request("/api/v1/agent/results").timeout(Duration.ofSeconds(90))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                boolean refusedForGood = response.statusCode() == 400 || response.statusCode() == 413 || response.statusCode() == 422;
                if (refusedForGood) {
                    // Sending the same again would be refused again and block everything behind it.
                    log.println("andon agent: the server refused " + batch.size() + " results for good (HTTP " + response.statusCode() + "): "
                            + response.body() + "; dropping them");
                }
                if (response.statusCode() / 100 == 2 || refusedForGood) {
                    synchronized (buffer) {
                        // Only what was acknowledged leaves the buffer; new results were appended behind it.
                        for (int i = 0; i < batch.size() && buffer.peekFirst() == batch.get(i); i++) {
                            buffer.pollFirst();
                        }
                    }
                    uploaded += batch.size();
                    backoff = 1000;
                } else {
                    throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                log.println("andon agent: upload of " + batch.size() + " results failed (" + e.getMessage() + "); " + bufferSize()
                        + " buffered, retrying in " + backoff / 1000 + " s");
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    int bufferSize() {
        synchronized (buffer) {
            return buffer.size();
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("User-Agent", "andon-agent/" + dev.andon.server.AndonMain.versionNumber());
    }
}
