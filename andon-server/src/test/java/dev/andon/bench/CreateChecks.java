package dev.andon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Creates many HTTP checks through the API, concurrently, for bench/engine.sh; not a test. A check
 * that already exists (409) counts as created, so a rerun fills the gaps; 429, 5xx and I/O errors
 * are retried a few times.
 *
 * <pre>java -cp TEST_CLASSPATH dev.andon.bench.CreateChecks BASE_URL TOKEN SERVICE COUNT CONCURRENCY TARGET_URL INTERVAL TIMEOUT</pre>
 *
 * Prints {@code created=N failed=N seconds=S per_s=R} and the first errors; exits 1 if any failed.
 */
public final class CreateChecks {
    private static final int ATTEMPTS = 5;

    private CreateChecks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: CreateChecks BASE_URL TOKEN SERVICE COUNT CONCURRENCY TARGET_URL INTERVAL TIMEOUT");
            System.exit(2);
        }
        String base = args[0].replaceAll("/+$", "");
        String token = args[1];
        String service = args[2];
        int count = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        String target = args[5];
        String interval = args[6];
        String timeout = args[7];

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        AtomicInteger next = new AtomicInteger();
        LongAdder created = new LongAdder();
        LongAdder failed = new LongAdder();
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(Thread.ofVirtual().name("bench-create-" + w).start(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String slug = String.format(Locale.ROOT, "bench-%05d", i);
                    String body = """
                            {"slug":"%s","service":"%s","http":{"url":"%s"},"interval":"%s","timeout":"%s"}"""
                            .formatted(slug, service, target, interval, timeout);
                    String error = create(client, base, token, body);
                    if (error == null) {
                        created.increment();
                    } else {
                        failed.increment();
                        if (errors.size() < 10) {
                            errors.merge(error, 1, Integer::sum);
                        }
                    }
                    if ((i + 1) % 1000 == 0) {
                        System.err.printf(Locale.ROOT, "bench: created %d checks in %.1f s%n", i + 1, (System.nanoTime() - start) / 1e9);
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "created=%d failed=%d seconds=%.1f per_s=%.0f%n", created.sum(), failed.sum(), seconds,
                created.sum() / seconds);
        errors.forEach((message, n) -> System.out.println("error " + n + "x " + message));
        System.exit(failed.sum() == 0 ? 0 : 1);
    }

    /** Creates one check; null when it exists afterwards, else the last error. */
    private static String create(HttpClient client, String base, String token, String body) {
        String error = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/checks"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 201 || status == 200 || status == 409) {
                    return null;
                }
                error = "HTTP " + status + ": " + abbreviated(response.body());
                if (status != 429 && status < 500) {
                    return error;
                }
            } catch (java.io.IOException e) {
                error = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            try {
                Thread.sleep(200L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return error;
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
