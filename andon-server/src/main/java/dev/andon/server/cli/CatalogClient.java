package dev.andon.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code apply} and {@code export} commands: thin clients of a running server's API, so the
 * plan is computed and applied where the data is, in one transaction, with the caller's token.
 */
public final class CatalogClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CatalogClient() {}

    public static int apply(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("andon apply: " + e.getMessage());
            return 2;
        }
        if (options.files.isEmpty()) {
            err.println("andon apply: name the YAML to apply with -f FILE_OR_DIR");
            return 2;
        }
        try {
            List<Map<String, String>> files = new ArrayList<>();
            for (Path path : options.files) {
                for (Path file : yamlFiles(path)) {
                    files.add(Map.of("path", file.toString(), "content", Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
            if (files.isEmpty()) {
                err.println("andon apply: no .yaml or .yml files in " + options.files);
                return 1;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("files", files);
            body.put("dryRun", options.dryRun);
            body.put("prune", options.prune);
            HttpResponse<String> response = send(options, HttpRequest.newBuilder(options.uri("/api/v1/apply"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
            JsonNode answer = readJson(response);
            if (response.statusCode() == 200 && answer.has("plan")) {
                out.print(answer.path("plan").asString());
                out.println(answer.path("applied").asBoolean() ? "Applied." : options.dryRun ? "Dry run: nothing was changed." : "");
                return 0;
            }
            err.println("andon apply: " + answer.path("detail").asString("HTTP " + response.statusCode()));
            for (JsonNode error : answer.path("errors")) {
                err.println("  " + error.asString());
            }
            err.println("Nothing was applied.");
            return 1;
        } catch (IOException e) {
            err.println("andon apply: " + describe(e, options));
            return 1;
        }
    }

    public static int export(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("andon export: " + e.getMessage());
            return 2;
        }
        try {
            HttpResponse<String> response = send(options, HttpRequest.newBuilder(options.uri("/api/v1/export")).GET());
            if (response.statusCode() != 200) {
                err.println("andon export: HTTP " + response.statusCode() + ": " + readJson(response).path("detail").asString(""));
                return 1;
            }
            if (options.output == null) {
                out.print(response.body());
            } else {
                Files.writeString(options.output, response.body(), StandardCharsets.UTF_8);
                err.println("Wrote " + options.output);
            }
            return 0;
        } catch (IOException e) {
            err.println("andon export: " + describe(e, options));
            return 1;
        }
    }

    /** The answer as JSON; a proxy's HTML error page (413, 502...) becomes an empty object, so the status is reported instead of a crash. */
    private static JsonNode readJson(HttpResponse<String> response) {
        boolean json = response.headers().firstValue("Content-Type").map(type -> type.contains("json")).orElse(false);
        if (json) {
            try {
                return JSON.readTree(response.body());
            } catch (tools.jackson.core.JacksonException e) {
                // fall through: report the status
            }
        }
        return JSON.createObjectNode();
    }

    private static HttpResponse<String> send(Options options, HttpRequest.Builder request) throws IOException {
        if (options.token == null || options.token.isBlank()) {
            throw new IOException("no API token: pass --token or set ANDON_TOKEN (create one on your profile page in Andon)");
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            return client.send(request.header("Authorization", "Bearer " + options.token).header("Accept", "application/json")
                    .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static String describe(IOException e, Options options) {
        if (e instanceof ConnectException) {
            return "cannot reach Andon at " + options.server + " (is `./andon server` running? set --server or ANDON_URL)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static List<Path> yamlFiles(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException(path + " does not exist");
        }
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            // Hidden folders (.git, .github workflows...) hold YAML that is not Andon's.
            return walk.filter(file -> !isHidden(path.relativize(file)))
                    .filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted().toList();
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Command-line options shared by apply and export. */
    static final class Options {
        final List<Path> files = new ArrayList<>();
        String server = envOr("ANDON_URL", "http://localhost:8080");
        String token = System.getenv("ANDON_TOKEN");
        boolean dryRun;
        boolean prune;
        Path output;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-f", "--file" -> options.files.add(Path.of(value(args, ++i, "-f")));
                    case "-o", "--output" -> options.output = Path.of(value(args, ++i, "-o"));
                    case "--server" -> options.server = value(args, ++i, "--server");
                    case "--token" -> options.token = value(args, ++i, "--token");
                    case "--dry-run" -> options.dryRun = true;
                    case "--prune" -> options.prune = true;
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' (see andon --help)");
                }
            }
            return options;
        }

        URI uri(String path) {
            return URI.create(server.replaceAll("/+$", "") + path);
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }

        private static String envOr(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
