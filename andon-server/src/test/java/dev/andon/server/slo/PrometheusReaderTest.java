package dev.andon.server.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.andon.server.support.ServerProcesses;
import dev.andon.slo.Counts;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link PrometheusReader} against a real Prometheus (Debian's {@code prometheus} package) scraping
 * an exporter this test runs. Skipped when /usr/bin/prometheus is missing, unless
 * ANDON_REQUIRE_PROMETHEUS=true (CI), which makes that a failure.
 *
 * <h2>The exporter</h2>
 * {@code andon_test_requests_total{code="200"}} and {@code {code="500"}} start at 1,000,000 and
 * 50,000 (a service that has been up a while) and count whole seconds (ticks) since an origin,
 * alternating 90 and 30 good and 5 and 1 bad per tick: 60 good and 3 bad a second
 * on average, 3600 good and 180 bad in any 60 consecutive ticks. The alternation makes the rate
 * uneven on purpose: plain {@code increase(x[1m])} extrapolates 59 s of samples to 60 s and would
 * return a fraction here (about 3630.5), while Andon's query must return the exact difference of
 * the counter's values at the minute's two ends.
 * <p>
 * When Prometheus first scrapes in the first 45 s of a minute, the origin is that minute's start and
 * the first answer carries an explicit timestamp at the origin (no ticks yet). Without it the first
 * whole minute would begin up to 60 s after the first scrape and the test would wait up to two
 * minutes; with it the minute under test is the first one and the wait is at most ~62 s. A first
 * scrape later in its minute would leave that minute with too few scrapes (one in its last second
 * left none but the timestamped one, and an increase of 0), so then the origin is the next minute's
 * start and the counters stay at their starting values until it. Every sample but that one
 * timestamped answer is a plain scrape, timestamped by Prometheus. The wait is at most ~77 s.
 *
 * <h2>What is exact, and the tolerance</h2>
 * The counts must equal, exactly, the differences of the raw samples Prometheus stored (its last
 * sample at or before the minute's end minus the one at or before its start), so there is no
 * tolerance for Prometheus' extrapolation: the query is built to have none. The nominal 3600/180
 * holds within one tick, because the last scrape of the minute (at most 1 s before its end) may
 * not yet have seen the 60th tick: good is 3570 or 3600, bad 179 or 180. The assertion allows a
 * second tick (3480..3600, 174..180) in case a scrape runs late on a busy machine; the exact
 * comparison with the raw samples is unaffected by that.
 */
class PrometheusReaderTest {
    private static final File PROMETHEUS = new File("/usr/bin/prometheus");
    private static final String GOOD = "andon_test_requests_total{code=\"200\"}";
    private static final String BAD = "andon_test_requests_total{code=\"500\"}";
    private static final String TOTAL = "andon_test_requests_total";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String skipReason;
    private static Path dir;
    private static Process prometheus;
    private static HttpServer exporter;
    private static String url;
    /** How far into its minute the first scrape may be for that minute to be the one under test. */
    private static final long EARLY_MILLIS = 45_000;
    /** The exporter's origin in epoch milliseconds (a whole minute), set on the first scrape. */
    private static final AtomicLong origin = new AtomicLong(-1);
    private static PrometheusReader reader;

    @BeforeAll
    static void startPrometheus() throws Exception {
        reader = new PrometheusReader(Duration.ofSeconds(10));
        if (!PROMETHEUS.canExecute()) {
            skipReason = "Prometheus tests skipped: install Debian's prometheus package (" + PROMETHEUS + " is needed)";
            return;
        }
        dir = Files.createTempDirectory("andon-prometheus-");
        exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext("/metrics", exchange -> {
            byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        exporter.start();
        int port = ServerProcesses.freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: andon-test
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(exporter.getAddress().getPort()));
        prometheus = new ProcessBuilder(PROMETHEUS.getPath(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        url = "http://127.0.0.1:" + port;
        awaitUntil(30, "Prometheus ready and scraping the exporter (up == 1)",
                () -> value(query("up{job=\"andon-test\"}", null)) == 1.0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (reader != null) {
            reader.close();
        }
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (exporter != null) {
            exporter.stop(0);
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Skips the calling test when there is no Prometheus, or fails it when ANDON_REQUIRE_PROMETHEUS=true. */
    private static void requirePrometheus() {
        if (skipReason != null) {
            if ("true".equalsIgnoreCase(System.getenv("ANDON_REQUIRE_PROMETHEUS"))) {
                fail("ANDON_REQUIRE_PROMETHEUS=true but Prometheus is missing. " + skipReason);
            }
            System.err.println(skipReason);
            Assumptions.assumeTrue(false, skipReason);
        }
    }

    @Test
    void countsOfACompletedMinuteAreTheExactIncreaseOfTheScrapedCounters() throws Exception {
        requirePrometheus();
        Instant minute = Instant.ofEpochMilli(origin.get());
        long end = minute.getEpochSecond() + 60;
        // Settled: Prometheus scrapes a target one scrape at a time, so once a sample after the minute's end is
        // stored, every scrape of the minute is too.
        awaitUntil(100, "a scrape after " + Instant.ofEpochSecond(end),
                () -> value(query("timestamp(" + GOOD + ")", null)) > end);

        long good = rawIncrease(GOOD, minute);
        long bad = rawIncrease(BAD, minute);
        assertThat(good).as("good events in the minute (3600, less a tick or two)").isBetween(3480L, 3600L);
        assertThat(bad).as("bad events in the minute (180, less a tick or two)").isBetween(174L, 180L);

        Counts counts = reader.read(url, GOOD, null, TOTAL, minute);
        assertThat(counts).as("good query").isEqualTo(new Counts(good, good + bad));
        assertThat(reader.read(url, null, BAD, TOTAL, minute)).as("bad query").isEqualTo(counts);

        // Before the origin there is no data or no increase; backfilling gives each minute exactly what read() gives.
        Instant before = minute.minusSeconds(60);
        assertThat(reader.read(url, GOOD, null, TOTAL, before)).isEqualTo(Counts.NONE);
        SortedMap<Instant, Counts> range = reader.readRange(url, null, BAD, TOTAL, before, minute.plusSeconds(60));
        assertThat(range).containsExactly(Map.entry(before, Counts.NONE), Map.entry(minute, counts));

        // More minutes than one query_range may ask for: two requests per expression, every minute present.
        Instant longAgo = minute.minusSeconds(60L * PrometheusReader.MAX_RANGE_MINUTES + 60);
        SortedMap<Instant, Counts> week = reader.readRange(url, GOOD, null, TOTAL, longAgo, minute.plusSeconds(60));
        assertThat(week).hasSize(PrometheusReader.MAX_RANGE_MINUTES + 2);
        assertThat(week.firstKey()).isEqualTo(longAgo);
        assertThat(week.get(minute)).isEqualTo(counts);
        assertThat(week.headMap(minute).values()).containsOnly(Counts.NONE);

        // The query pasted into Prometheus' UI shows Andon's number, not an extrapolated one.
        assertThat(value(query(PrometheusReader.minuteQuery(GOOD), end))).isCloseTo((double) good, within(1e-6));
        System.err.printf("minute %s: good=%d bad=%d; plain sum(increase(x[1m])) gives good=%.3f total=%.3f%n", minute, good, bad,
                value(query("sum(increase(" + GOOD + "[1m]))", end)), value(query("sum(increase(" + TOTAL + "[1m]))", end)));
    }

    @Test
    void aPromqlErrorNamesTheDataSourceTheQueryAndPrometheusError() {
        requirePrometheus();
        Instant minute = Instant.ofEpochMilli(origin.get());
        assertThatThrownBy(() -> reader.read(url, null, BAD, "andon_test_requests_total{code=", minute))
                .isInstanceOf(PrometheusQueryException.class)
                .hasMessageContaining("Prometheus data source " + url)
                .hasMessageContaining("HTTP 400, bad_data")
                .hasMessageContaining("parse error")
                .hasMessageContaining("andon_test_requests_total{code=")
                .satisfies(e -> assertThat(((PrometheusQueryException) e).query())
                        .isEqualTo(PrometheusReader.minuteQuery("andon_test_requests_total{code=")));
        // An execution error (HTTP 422) rather than a parse error: a many-to-many match.
        assertThatThrownBy(() -> reader.read(url, GOOD, null, TOTAL + " + on() " + TOTAL, minute))
                .isInstanceOf(PrometheusQueryException.class)
                .hasMessageContaining("execution")
                .hasMessageContaining("many-to-many");
    }

    @Test
    void anUnreachableDataSourceIsNamed() throws IOException {
        String closed = "http://127.0.0.1:" + ServerProcesses.freePort();
        Instant minute = Instant.parse("2025-01-01T00:00:00Z");
        assertThatThrownBy(() -> reader.read(closed, GOOD, null, TOTAL, minute))
                .isInstanceOf(PrometheusQueryException.class)
                .hasMessageStartingWith("Prometheus data source " + closed + ": unreachable (connection refused)")
                .hasMessageEndingWith("(query: " + PrometheusReader.minuteQuery(TOTAL) + ")");
        assertThatThrownBy(() -> reader.readRange(closed + "/", GOOD, null, TOTAL, minute, minute.plusSeconds(600)))
                .isInstanceOf(PrometheusQueryException.class)
                .hasMessageStartingWith("Prometheus data source " + closed + ": unreachable");
        assertThatThrownBy(() -> reader.read("http://prometheus.invalid:9090", GOOD, null, TOTAL, minute))
                .isInstanceOf(PrometheusQueryException.class)
                .hasMessageStartingWith("Prometheus data source http://prometheus.invalid:9090: unreachable (unknown host prometheus.invalid)");
    }

    @Test
    void slowAndNonPrometheusAnswersAreErrorsToo() throws IOException {
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/slow/", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        stub.createContext("/proxy/", exchange -> {
            byte[] body = "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        stub.setExecutor(threads);
        stub.start();
        Instant minute = Instant.parse("2025-01-01T00:00:00Z");
        String base = "http://127.0.0.1:" + stub.getAddress().getPort();
        try (PrometheusReader impatient = new PrometheusReader(Duration.ofMillis(500))) {
            assertThatThrownBy(() -> impatient.read(base + "/slow", GOOD, null, TOTAL, minute))
                    .isInstanceOf(PrometheusQueryException.class)
                    .hasMessageStartingWith("Prometheus data source " + base + "/slow: no answer within 500 ms");
            assertThatThrownBy(() -> impatient.read("http://andon:secret@127.0.0.1:" + stub.getAddress().getPort() + "/proxy",
                    GOOD, null, TOTAL, minute))
                    .isInstanceOf(PrometheusQueryException.class)
                    .hasMessageStartingWith("Prometheus data source " + base + "/proxy: HTTP 502: <html>502 Bad Gateway</html>")
                    .hasMessageNotContaining("secret");
            assertThatThrownBy(() -> impatient.read("ftp://prometheus", GOOD, null, TOTAL, minute))
                    .isInstanceOf(PrometheusQueryException.class)
                    .hasMessageContaining("not an http(s) URL");
        } finally {
            stub.stop(0);
            threads.shutdownNow();
        }
    }

    @Test
    void countsAreRoundedAndClamped() {
        assertThat(PrometheusReader.counts(3599.9999999, 3779.99999, false)).isEqualTo(new Counts(3600, 3780));
        assertThat(PrometheusReader.counts(180.0, 3780.0, true)).isEqualTo(new Counts(3600, 3780));
        assertThat(PrometheusReader.counts(null, 10.0, false)).as("no good series yet").isEqualTo(new Counts(0, 10));
        assertThat(PrometheusReader.counts(null, 10.0, true)).as("no bad series yet").isEqualTo(new Counts(10, 10));
        assertThat(PrometheusReader.counts(12.0, 10.0, false)).isEqualTo(new Counts(10, 10));
        assertThat(PrometheusReader.counts(12.0, 10.0, true)).isEqualTo(new Counts(0, 10));
        assertThat(PrometheusReader.counts(-1.0, -0.4, false)).isEqualTo(Counts.NONE);
        assertThatThrownBy(() -> reader.read("http://127.0.0.1:9", GOOD, null, TOTAL, Instant.parse("2025-01-01T00:00:30Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole minute");
        assertThatThrownBy(() -> reader.read("http://127.0.0.1:9", GOOD, BAD, TOTAL, Instant.parse("2025-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one of a good and a bad query");
    }

    /** Only the reader: the rest of its package needs the database. */
    @Configuration(proxyBeanMethods = false)
    @org.springframework.context.annotation.Import(PrometheusReader.class)
    static class SloOnly {
    }

    @Test
    void springMakesOneReaderWithTheDefaultTimeouts() {
        new ApplicationContextRunner().withUserConfiguration(SloOnly.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(PrometheusReader.class);
        });
    }

    // --- the exporter --------------------------------------------------------------------------

    private static String exposition() {
        long now = System.currentTimeMillis();
        long minuteStart = now - now % 60_000;
        // Early in its minute: that minute, with this first answer timestamped at its start. Later: the next
        // minute, so that the minute under test has a minute's worth of plain scrapes in it.
        boolean early = now - minuteStart <= EARLY_MILLIS;
        boolean first = origin.compareAndSet(-1, early ? minuteStart : minuteStart + 60_000);
        long ticks = first ? 0 : Math.max(0, Math.floorDiv(now - origin.get(), 1000));
        String timestamp = first && early ? " " + origin.get() : "";
        return "# HELP andon_test_requests_total Requests by status code.\n"
                + "# TYPE andon_test_requests_total counter\n"
                + "andon_test_requests_total{code=\"200\"} " + (1_000_000 + 60 * ticks + (ticks % 2 == 1 ? 30 : 0)) + timestamp + "\n"
                + "andon_test_requests_total{code=\"500\"} " + (50_000 + 3 * ticks + (ticks % 2 == 1 ? 2 : 0)) + timestamp + "\n";
    }

    // --- asking Prometheus directly ------------------------------------------------------------

    /** The counter's increase over the minute from the raw samples: last value at or before the end minus the start's. */
    private static long rawIncrease(String selector, Instant minute) throws Exception {
        long start = minute.getEpochSecond();
        long end = start + 60;
        JsonNode series = query(selector + "[5m]", end).path("result").path(0);
        Double atStart = null;
        Double atEnd = null;
        for (JsonNode sample : series.path("values")) {
            double time = sample.path(0).asDouble();
            double value = Double.parseDouble(sample.path(1).asString());
            if (time <= start) {
                atStart = value;
            }
            atEnd = value;
        }
        assertThat(atStart).as("a sample at or before " + minute + " in " + series).isNotNull();
        return Math.round(atEnd - atStart);
    }

    private static JsonNode query(String promql, Long time) throws Exception {
        String uri = url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + (time == null ? "" : "&time=" + time);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asString()).as(promql + " → " + response.body()).isEqualTo("success");
        return body.path("data");
    }

    /** The single value of an instant query, or NaN when the vector is empty. */
    private static double value(JsonNode data) {
        JsonNode result = data.path("result");
        return result.isEmpty() ? Double.NaN : Double.parseDouble(result.path(0).path("value").path(1).asString());
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitUntil(int seconds, String what, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                fail("Prometheus exited (" + prometheus.exitValue() + "): " + log());
            }
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                last = e; // not listening or not ready yet
            }
            Thread.sleep(250);
        }
        fail("waited " + seconds + " s for " + what + (last == null ? "" : " (last error: " + last + ")") + "; Prometheus log: " + log());
    }

    private static String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("prometheus.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
