import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http11.Http11NioProtocol;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference the alert issue was calibrated with, rebuilt for bench/ingest-reference.sh: a
 * group-commit prototype on Andon's stack (embedded Tomcat on virtual threads, Jackson, HikariCP,
 * the PostgreSQL driver) with one writer thread, no added wait and one upsert per batch, answering
 * 202 only after the batch's commit. It keeps a PagerDuty event's key, summary, source and severity
 * in one table with one unique index; no grouping, timeline, maintenance windows or routing.
 *
 * <p>Not part of Andon: run by the benchmark only, against the benchmark's own database.
 *
 * <pre>java -cp CLASSPATH bench/lib/IngestPrototype.java PORT JDBC_URL USER PASSWORD</pre>
 */
public final class IngestPrototype {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BATCH = 1_000;

    record Event(String dedupKey, String summary, String source, String severity, CompletableFuture<Void> done) {}

    private static final LinkedBlockingQueue<Event> QUEUE = new LinkedBlockingQueue<>(20_000);

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(args[1]);
        pool.setUsername(args[2]);
        pool.setPassword(args[3]);
        pool.setMaximumPoolSize(2);
        try (Connection connection = pool.getConnection(); var statement = connection.createStatement()) {
            statement.execute("""
                    create table if not exists prototype_alerts (
                        id            bigint generated always as identity primary key,
                        dedup_key     text        not null unique,
                        summary       text        not null,
                        source        text        not null,
                        severity      text        not null,
                        dedup_count   int         not null default 0,
                        created_at    timestamptz not null default now(),
                        last_event_at timestamptz not null default now())""");
        }
        Thread writer = new Thread(() -> write(pool), "prototype-writer");
        writer.setDaemon(true);
        writer.start();

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(System.getProperty("java.io.tmpdir") + "/andon-prototype-" + port);
        Connector connector = new Connector(Http11NioProtocol.class.getName());
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxKeepAliveRequests", "-1");
        connector.setProperty("processorCache", "1024");
        connector.setProperty("maxConnections", "8192");
        connector.getProtocolHandler().setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "enqueue", new Enqueue());
        context.addServletMappingDecoded("/v2/enqueue", "enqueue");
        tomcat.start();
        System.out.println("prototype listening on " + port);
        tomcat.getServer().await();
    }

    /** POST /v2/enqueue: parse, queue, wait for the commit, answer as PagerDuty does. */
    static final class Enqueue extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            JsonNode event;
            try {
                event = JSON.readTree(request.getInputStream());
            } catch (RuntimeException e) {
                answer(response, 400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Invalid JSON\"]}");
                return;
            }
            JsonNode payload = event.path("payload");
            String summary = payload.path("summary").asString(null);
            String source = payload.path("source").asString(null);
            String severity = payload.path("severity").asString(null);
            if (!"trigger".equals(event.path("event_action").asString(null)) || event.path("routing_key").asString(null) == null
                    || summary == null || source == null
                    || !List.of("critical", "error", "warning", "info").contains(severity)) {
                answer(response, 400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"invalid trigger\"]}");
                return;
            }
            String dedupKey = event.path("dedup_key").asString(null);
            if (dedupKey == null) {
                dedupKey = UUID.randomUUID().toString();
            }
            Event queued = new Event(dedupKey, summary, source, severity, new CompletableFuture<>());
            if (!QUEUE.offer(queued)) {
                response.setHeader("Retry-After", "1");
                answer(response, 429, "{\"status\":\"throttled\",\"message\":\"Queue full\"}");
                return;
            }
            try {
                queued.done().get();
            } catch (InterruptedException | ExecutionException e) {
                answer(response, 500, "{\"status\":\"error\",\"message\":\"not stored\"}");
                return;
            }
            answer(response, 202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + dedupKey + "\"}");
        }

        private static void answer(HttpServletResponse response, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.setContentType("application/json");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    /** The one writer: whatever is queued, with no added wait, as one autocommit upsert. */
    private static void write(HikariDataSource pool) {
        List<Event> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(QUEUE.take());
            } catch (InterruptedException e) {
                return;
            }
            QUEUE.drainTo(batch, MAX_BATCH - 1);
            // One row per key: an upsert cannot touch a row twice.
            Map<String, Event> byKey = new LinkedHashMap<>();
            Map<String, Integer> extra = new LinkedHashMap<>();
            for (Event event : batch) {
                if (byKey.put(event.dedupKey(), event) != null) {
                    extra.merge(event.dedupKey(), 1, Integer::sum);
                }
            }
            int n = byKey.size();
            String[] keys = new String[n];
            String[] summaries = new String[n];
            String[] sources = new String[n];
            String[] severities = new String[n];
            Integer[] counts = new Integer[n];
            int i = 0;
            for (Event event : byKey.values()) {
                keys[i] = event.dedupKey();
                summaries[i] = event.summary();
                sources[i] = event.source();
                severities[i] = event.severity();
                counts[i] = extra.getOrDefault(event.dedupKey(), 0);
                i++;
            }
            try (Connection connection = pool.getConnection();
                 PreparedStatement upsert = connection.prepareStatement("""
                         insert into prototype_alerts as a (dedup_key, summary, source, severity, dedup_count)
                         select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[])
                         on conflict (dedup_key) do update set summary = excluded.summary, severity = excluded.severity,
                             dedup_count = a.dedup_count + excluded.dedup_count + 1, last_event_at = now()""")) {
                upsert.setArray(1, connection.createArrayOf("text", keys));
                upsert.setArray(2, connection.createArrayOf("text", summaries));
                upsert.setArray(3, connection.createArrayOf("text", sources));
                upsert.setArray(4, connection.createArrayOf("text", severities));
                upsert.setArray(5, connection.createArrayOf("int4", counts));
                upsert.executeUpdate();
                batch.forEach(event -> event.done().complete(null));
            } catch (SQLException e) {
                batch.forEach(event -> event.done().completeExceptionally(e));
            }
            batch.clear();
        }
    }
}
