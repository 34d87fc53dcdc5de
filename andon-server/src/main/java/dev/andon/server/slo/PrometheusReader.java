package dev.andon.server.slo;

import dev.andon.slo.Counts;
import dev.andon.slo.Indicator;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a Prometheus SLI (good or bad events, and total events, as PromQL counter expressions) as
 * the counts of whole minutes, through the Prometheus HTTP API.
 *
 * <h2>The query</h2>
 * For a counter expression {@code EXPR} and the minute {@code [m, m+1m)} Andon evaluates, at
 * {@code time = m+1m}:
 * <pre>
 *   sum(increase((EXPR)[60001ms:15s])) * 60 / 60.001
 * </pre>
 * Why not the obvious {@code sum(increase(EXPR[1m]))}: a range selector only sees the raw samples
 * inside the minute, so the increase between the minute's last scrape and the next minute's first
 * scrape belongs to no minute, and {@code increase()} makes up for it by extrapolating the samples'
 * slope to the window's edges. That is right only at a steady rate: with 1 s scrapes of a counter
 * going up 90 and 30 in alternate seconds, Prometheus 2.42 returns 3630.5 for a minute of 3600
 * events, and the minutes of a day do not add up to the day's increase.
 * <p>
 * The subquery {@code (EXPR)[…:15s]} instead evaluates EXPR at fixed, epoch-aligned 15 s steps:
 * m, m+15s, m+30s, m+45s and m+1m, where each value is the counter's latest scrape at or before that
 * instant. {@code increase()} over those five points is the counter's value at the end of the minute
 * minus its value at the start (counter resets between steps are still detected, as in any
 * increase()). Consecutive minutes share their boundary value, so minute counts are whole numbers
 * and add up exactly to the counter's increase over any span: an event counts in the minute during
 * which Prometheus first scraped it.
 * <p>
 * Two details keep it exact on Prometheus 2 and 3 alike:
 * <ul>
 * <li>The range is 60001 ms, not 1m: Prometheus 3 made ranges left-open (a point exactly at the
 * range's start is excluded; prometheus/prometheus#13904, #15431), so {@code [1m:15s]} would lose the point at m
 * and extrapolate the remaining 45 s to 60 s (+33%). With 60001 ms both Prometheus 2 (left-closed)
 * and 3 see the same five points.</li>
 * <li>Because the window then starts 1 ms before the first point, increase() extrapolates by exactly
 * that 1 ms (the gap is far below 1.1 × the 15 s point interval): the raw result is the true increase
 * × 60.001/60. The trailing {@code * 60 / 60.001} undoes it, so the query pasted into the Prometheus
 * UI shows Andon's number. It is then rounded to a whole count. (One case is off: Prometheus does
 * not extrapolate below zero, so for a counter at 0 at the minute's start the factor takes off up
 * to 1/60001 of the count, which rounding absorbs below 30,000 events a minute.)</li>
 * </ul>
 * The 15 s resolution bounds what a counter reset can lose (the events between the last step before
 * the reset and the reset) and must divide a minute; scrapes slower than 15 s simply repeat values.
 * <p>
 * Only where a series starts or stops inside a minute does increase() still extrapolate (to the
 * series' start, or half a step past its end); those minutes are rounded and need not be exact.
 * EXPR should select raw counters (e.g. {@code http_requests_total{code!~"5.."}}), not a sum() or
 * rate(): Andon sums after increase(), so a reset of one series is not mistaken for a drop of all.
 *
 * <h2>Counts</h2>
 * Values are rounded, total is at least 0, good is clamped to [0, total]; with a bad query good is
 * total − bad. An empty total means no data ({@link Counts#NONE}); an empty good (or bad) vector
 * with a total means 0 good (bad) events, as a {@code code="500"} series often does not exist until
 * the first error.
 */
@Component
public class PrometheusReader implements AutoCloseable {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Range queries are split so no request asks for more than Prometheus' 11,000 points a series. */
    static final int MAX_RANGE_MINUTES = 10_000;

    private static final long MINUTE = 60;
    private static final int EXCERPT = 300;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final Duration requestTimeout;

    public PrometheusReader() {
        this(DEFAULT_REQUEST_TIMEOUT);
    }

    /** A reader whose requests give up after {@code requestTimeout} (also sent to Prometheus as its query timeout). */
    public PrometheusReader(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The PromQL Andon evaluates at the end of a minute for one counter expression (see the class comment). */
    public static String minuteQuery(String counterExpression) {
        return "sum(increase((" + counterExpression.strip() + ")[60001ms:15s])) * 60 / 60.001";
    }

    /** The counts of {@code minute} (a whole minute) for a {@code prometheus} indicator. */
    public Counts read(String url, Indicator indicator, Instant minute) {
        return read(url, indicator.goodQuery(), indicator.badQuery(), indicator.totalQuery(), minute);
    }

    /**
     * The counts of the minute {@code [minute, minute+1m)}; exactly one of {@code goodQuery} and
     * {@code badQuery} is given. Read a minute only once Prometheus has ingested its last scrape (see
     * docs/SLO_PROMETHEUS.md: at least the scrape timeout after the minute ends).
     */
    public Counts read(String url, String goodQuery, String badQuery, String totalQuery, Instant minute) {
        long end = requireMinute(minute, "minute") + MINUTE;
        Target target = Target.parse(url, totalQuery);
        boolean fromBad = fromBad(goodQuery, badQuery, target);
        Double total = instant(target, minuteQuery(totalQuery), end);
        if (total == null) {
            return Counts.NONE;
        }
        Double part = instant(target, minuteQuery(fromBad ? badQuery : goodQuery), end);
        return counts(part, total, fromBad);
    }

    /** {@link #readRange(String, String, String, String, Instant, Instant)} for a {@code prometheus} indicator. */
    public SortedMap<Instant, Counts> readRange(String url, Indicator indicator, Instant from, Instant to) {
        return readRange(url, indicator.goodQuery(), indicator.badQuery(), indicator.totalQuery(), from, to);
    }

    /**
     * Backfill: the counts of every minute in {@code [from, to)} (whole minutes), each exactly as
     * {@link #read} would give it, from one /api/v1/query_range call per expression (step 60 s,
     * evaluated at each minute's end) for up to 10,000 minutes at a time. Minutes without data map
     * to {@link Counts#NONE}.
     */
    public SortedMap<Instant, Counts> readRange(String url, String goodQuery, String badQuery, String totalQuery, Instant from,
                                                Instant to) {
        long start = requireMinute(from, "from");
        long stop = requireMinute(to, "to");
        Target target = Target.parse(url, totalQuery);
        boolean fromBad = fromBad(goodQuery, badQuery, target);
        SortedMap<Instant, Counts> minutes = new TreeMap<>();
        for (long chunk = start; chunk < stop; chunk += MAX_RANGE_MINUTES * MINUTE) {
            long chunkEnd = Math.min(stop, chunk + MAX_RANGE_MINUTES * MINUTE);
            // Evaluated at each minute's end: the first point is chunk+1m (the minute chunk), the last chunkEnd.
            Map<Long, Double> totals = range(target, minuteQuery(totalQuery), chunk + MINUTE, chunkEnd);
            Map<Long, Double> parts = totals.isEmpty() ? Map.of()
                    : range(target, minuteQuery(fromBad ? badQuery : goodQuery), chunk + MINUTE, chunkEnd);
            for (long m = chunk; m < chunkEnd; m += MINUTE) {
                Double total = totals.get(m + MINUTE);
                minutes.put(Instant.ofEpochSecond(m), total == null ? Counts.NONE : counts(parts.get(m + MINUTE), total, fromBad));
            }
        }
        return Collections.unmodifiableSortedMap(minutes);
    }

    @Override
    public void close() {
        client.close();
    }

    // --- counts --------------------------------------------------------------------------------

    /** Whole counts from the two sums: rounded, total >= 0, good clamped to [0, total]. */
    static Counts counts(Double part, double total, boolean fromBad) {
        long all = Math.max(0, Math.round(total));
        long some = part == null ? 0 : Math.clamp(Math.round(part), 0, all);
        return new Counts(fromBad ? all - some : some, all);
    }

    private static boolean fromBad(String goodQuery, String badQuery, Target target) {
        boolean good = goodQuery != null && !goodQuery.isBlank();
        boolean bad = badQuery != null && !badQuery.isBlank();
        if (good == bad) {
            throw new IllegalArgumentException("a Prometheus SLI needs exactly one of a good and a bad query (data source "
                    + target.display + ")");
        }
        return bad;
    }

    private static long requireMinute(Instant instant, String name) {
        if (instant == null || instant.getNano() != 0 || instant.getEpochSecond() % MINUTE != 0) {
            throw new IllegalArgumentException(name + " must be a whole minute, got " + instant);
        }
        return instant.getEpochSecond();
    }

    // --- the HTTP API --------------------------------------------------------------------------

    /** An instant query's single value (summed if Prometheus returns several), or null for an empty vector. */
    private Double instant(Target target, String query, long time) {
        JsonNode data = call(target, "/api/v1/query", query, Map.of("time", Long.toString(time)));
        expectType(target, query, data, "vector");
        Double sum = null;
        for (JsonNode sample : data.path("result")) {
            double value = number(target, query, sample.path("value"));
            sum = sum == null ? value : sum + value;
        }
        return sum;
    }

    /** A range query's values by evaluation time (epoch seconds), summed over the series returned. */
    private Map<Long, Double> range(Target target, String query, long start, long end) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("start", Long.toString(start));
        params.put("end", Long.toString(end));
        params.put("step", "60s");
        JsonNode data = call(target, "/api/v1/query_range", query, params);
        expectType(target, query, data, "matrix");
        Map<Long, Double> values = new LinkedHashMap<>();
        for (JsonNode series : data.path("result")) {
            for (JsonNode point : series.path("values")) {
                values.merge(Math.round(point.path(0).asDouble()), number(target, query, point), Double::sum);
            }
        }
        return values;
    }

    private static void expectType(Target target, String query, JsonNode data, String type) {
        String actual = data.path("resultType").asString();
        if (!type.equals(actual)) {
            throw new PrometheusQueryException(target.display, query, "expected a " + type + " result, got " + actual, null);
        }
    }

    /** The value of a [time, "value"] pair; NaN and infinities are errors (a division by zero in the expression). */
    private static double number(Target target, String query, JsonNode pair) {
        String text = pair.path(1).asString();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!Double.isFinite(value)) {
            throw new PrometheusQueryException(target.display, query, "the query returned " + text + ", not a count", null);
        }
        return value;
    }

    /** GETs an API endpoint and returns its {@code data}, or throws with Prometheus' own error. */
    private JsonNode call(Target target, String path, String query, Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("query", query);
        all.putAll(params);
        all.put("timeout", requestTimeout.toMillis() + "ms");
        String encoded = all.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.base + path + "?" + encoded))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", "Andon")
                .GET();
        if (target.authorization != null) {
            request.header("Authorization", target.authorization);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new PrometheusQueryException(target.display, query,
                    "unreachable (no connection within " + CONNECT_TIMEOUT.toSeconds() + " s)", e);
        } catch (HttpTimeoutException e) {
            throw new PrometheusQueryException(target.display, query, "no answer within " + seconds(requestTimeout), e);
        } catch (ConnectException e) {
            throw new PrometheusQueryException(target.display, query, "unreachable (" + connectProblem(e, target) + ")", e);
        } catch (IOException e) {
            throw new PrometheusQueryException(target.display, query, "request failed (" + reason(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusQueryException(target.display, query, "interrupted", e);
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (body != null && "error".equals(body.path("status").asString())) {
            // Prometheus answers 400 (bad_data), 422 (execution), 503 (timeout, canceled) with this body.
            throw new PrometheusQueryException(target.display, query, "Prometheus answered HTTP " + status + ", "
                    + body.path("errorType").asString("error") + ": " + body.path("error").asString(""), null);
        }
        if (status / 100 != 2) {
            throw new PrometheusQueryException(target.display, query, "HTTP " + status + excerpt(response.body()), null);
        }
        if (body == null || !"success".equals(body.path("status").asString())) {
            throw new PrometheusQueryException(target.display, query, "not a Prometheus API answer" + excerpt(response.body()), null);
        }
        return body.path("data");
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip().replaceAll("\\s+", " ");
        return ": " + (text.length() > EXCERPT ? text.substring(0, EXCERPT) + "…" : text);
    }

    /** The JDK's ConnectException carries no message: name an unknown host, and call the rest refused. */
    private static String connectProblem(ConnectException e, Target target) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof UnresolvedAddressException) {
            return "unknown host " + target.host;
        }
        String reason = reason(e);
        return reason.equals(e.getClass().getSimpleName()) ? "connection refused" : reason;
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /**
     * A data source URL split into the base requests go to, what messages show (never a password),
     * and the Basic authorization of a {@code http://user:password@host} URL.
     */
    private record Target(String base, String display, String host, String authorization) {
        static Target parse(String url, String query) {
            String text = url == null ? "" : url.strip();
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new PrometheusQueryException(text, query, "not a URL (" + e.getMessage() + ")", e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new PrometheusQueryException(redact(uri), query, "not an http(s) URL", null);
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            String base = scheme + "://" + uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1) + path;
            String authorization = null;
            if (uri.getUserInfo() != null) {
                authorization = "Basic " + Base64.getEncoder().encodeToString(uri.getUserInfo().getBytes(StandardCharsets.UTF_8));
            }
            return new Target(base, base, uri.getHost(), authorization);
        }

        private static String redact(URI uri) {
            return uri.getRawUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo() + "@", "");
        }
    }
}
