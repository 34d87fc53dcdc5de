package dev.andon.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.cli.CatalogClient;
import dev.andon.server.support.AndonServerTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `andon apply` and `andon export` end to end: the real CLI client against the real server. */
class ApplyTest extends AndonServerTest {
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private Run cli(String command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] full = new String[args.length + 4];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--server";
        full[args.length + 1] = "http://localhost:" + port;
        full[args.length + 2] = "--token";
        full[args.length + 3] = adminToken();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = command.equals("apply") ? CatalogClient.apply(full, outStream, errStream) : CatalogClient.export(full, outStream, errStream);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private String catalogYaml(int tier) {
        return """
                apiVersion: andon.dev/v1
                kind: Team
                metadata:
                  name: checkout-%1$s
                spec:
                  title: Checkout
                  contactChannel: "#checkout"
                  members: [admin]
                ---
                apiVersion: andon.dev/v1
                kind: Service
                metadata:
                  name: cart-%1$s
                spec:
                  title: Cart
                  tier: %2$d
                  owner: checkout-%1$s
                  dependsOn:
                    - stock-%1$s
                ---
                apiVersion: andon.dev/v1
                kind: Service
                metadata:
                  name: stock-%1$s
                spec:
                  title: Stock
                  owner: checkout-%1$s
                  dependsOn:
                    - service: cart-%1$s
                      kind: soft
                """.formatted(id, tier);
    }

    @Test
    void dryRunShowsThePlanAndChangesNothing() throws IOException {
        write("catalog.yaml", catalogYaml(2));
        Run run = cli("apply", "-f", dir.toString(), "--dry-run");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("+ create Team checkout-" + id).contains("+ create Service cart-" + id).contains("Dry run");
        assertThat(get("/api/v1/services/cart-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void applyCreatesThenUpdatesWithAFieldDiffAndIsIdempotent() throws IOException {
        write("catalog.yaml", catalogYaml(2));
        Run created = cli("apply", "-f", dir.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("Applied.");
        assertThat(json(get("/api/v1/services/stock-" + id)).path("dependsOn").get(0).path("kind").asString()).isEqualTo("soft");

        write("catalog.yaml", catalogYaml(1));
        Run updated = cli("apply", "-f", dir.resolve("catalog.yaml").toString());
        assertThat(updated.out()).contains("~ update Service cart-" + id).contains("tier: 2 -> 1");
        assertThat(json(get("/api/v1/services/cart-" + id)).path("tier").asInt()).isEqualTo(1);

        Run again = cli("apply", "-f", dir.toString());
        assertThat(again.out()).contains("No changes");
    }

    @Test
    void invalidYamlAppliesNothingAndNamesFileLineAndColumn() throws IOException {
        write("a-good.yaml", catalogYaml(2));
        write("b-bad.yaml", """
                apiVersion: andon.dev/v1
                kind: Service
                metadata:
                  name: broken-%s
                spec:
                  tier: high
                  colour: blue
                """.formatted(id));
        Run run = cli("apply", "-f", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("b-bad.yaml:6:").contains("tier").contains("b-bad.yaml:7:").contains("colour").contains("Nothing was applied");
        assertThat(get("/api/v1/teams/checkout-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void referenceToAMissingObjectAppliesNothing() throws IOException {
        write("svc.yaml", """
                apiVersion: andon.dev/v1
                kind: Service
                metadata:
                  name: lonely-%1$s
                spec:
                  owner: ghost-team-%1$s
                """.formatted(id));
        Run run = cli("apply", "-f", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("svc.yaml:6:").contains("ghost-team-" + id);
        assertThat(get("/api/v1/services/lonely-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void applyingAnExportChangesNothing() throws IOException {
        write("catalog.yaml", catalogYaml(3));
        assertThat(cli("apply", "-f", dir.toString()).exitCode()).isZero();
        Path exported = dir.resolve("export/all.yaml");
        Files.createDirectories(exported.getParent());
        Run export = cli("export", "-o", exported.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Files.readString(exported)).contains("name: cart-" + id);
        Run reapply = cli("apply", "-f", exported.toString(), "--dry-run");
        assertThat(reapply.exitCode()).as(reapply.err()).isZero();
        assertThat(reapply.out()).contains("No changes");
    }

    @Test
    void pruneDeletesWhatTheFilesNoLongerName() throws IOException {
        write("catalog.yaml", catalogYaml(3));
        assertThat(cli("apply", "-f", dir.toString()).exitCode()).isZero();
        String exported = cli("export").out();
        // Keep everything except stock: a pruning apply of that deletes stock only.
        String withoutStock = String.join("---\n", java.util.Arrays.stream(exported.split("(?m)^---\\s*$"))
                .filter(document -> !document.contains("name: stock-" + id))
                .map(document -> document.replace("    - stock-" + id + "\n", ""))
                .filter(document -> !document.isBlank()).toList());
        Files.writeString(dir.resolve("catalog.yaml"), withoutStock);
        Run plan = cli("apply", "-f", dir.toString(), "--prune", "--dry-run");
        assertThat(plan.exitCode()).as(plan.err() + plan.out()).isZero();
        assertThat(plan.out()).contains("- delete Service stock-" + id).doesNotContain("delete User admin");
        assertThat(cli("apply", "-f", dir.toString(), "--prune").exitCode()).isZero();
        assertThat(get("/api/v1/services/stock-" + id).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/services/cart-" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void pruneRemovesServicesThatDependOnEachOther() throws IOException {
        write("catalog.yaml", catalogYaml(3));
        assertThat(cli("apply", "-f", dir.toString()).exitCode()).isZero();
        String exported = cli("export").out();
        // Keep every service but cart and stock, which depend on each other (a cycle).
        String remaining = String.join("---\n", java.util.Arrays.stream(exported.split("(?m)^---\\s*$"))
                .filter(document -> !document.contains("name: cart-" + id) && !document.contains("name: stock-" + id))
                .filter(document -> !document.isBlank()).toList());
        Files.writeString(dir.resolve("catalog.yaml"), remaining);
        Run run = cli("apply", "-f", dir.toString(), "--prune");
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(run.out()).contains("- delete Service cart-" + id).contains("- delete Service stock-" + id);
        assertThat(get("/api/v1/services/cart-" + id).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/services/stock-" + id).statusCode()).isEqualTo(404);
        var history = json(get("/api/v1/services/cart-" + id + "/events"));
        assertThat(history.get(0).path("kind").asString()).isEqualTo("service.deleted");
        assertThat(history.get(0).path("before").path("dependsOn")).hasSize(1);
    }

    @Test
    void theSameObjectInAnAndonFileAndABackstageFileIsAnError() throws IOException {
        write("a.yaml", """
                apiVersion: andon.dev/v1
                kind: Team
                metadata:
                  name: twice-%1$s
                """.formatted(id));
        write("b-catalog-info.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata:
                  name: twice-%1$s
                spec:
                  type: team
                  children: []
                """.formatted(id));
        Run run = cli("apply", "-f", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("b-catalog-info.yaml:").contains("also defined at").contains("a.yaml:");
        assertThat(get("/api/v1/teams/twice-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void hiddenFoldersAreNotRead() throws IOException {
        Files.createDirectories(dir.resolve(".github/workflows"));
        write(".github/workflows/ci.yml", "on: push\njobs: {}\n");
        write("catalog.yaml", catalogYaml(3));
        Run run = cli("apply", "-f", dir.toString(), "--dry-run");
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void backstageCatalogImportsInOneStep() throws IOException {
        write("catalog-info.yaml", """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata:
                  name: team-%1$s
                spec:
                  type: team
                  profile:
                    displayName: Team %1$s
                  children: []
                ---
                apiVersion: backstage.io/v1alpha1
                kind: System
                metadata:
                  name: shop-%1$s
                spec:
                  owner: group:default/team-%1$s
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: web-%1$s
                  tags: [frontend]
                  links:
                    - url: https://runbooks.example.com/web
                      title: Runbook
                spec:
                  type: website
                  lifecycle: production
                  owner: team-%1$s
                  system: shop-%1$s
                  dependsOn:
                    - resource:default/db-%1$s
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Resource
                metadata:
                  name: db-%1$s
                spec:
                  type: database
                  owner: team-%1$s
                """.formatted(id));
        Run run = cli("apply", "-f", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        var web = json(get("/api/v1/services/web-" + id));
        assertThat(web.path("owner").asString()).isEqualTo("team-" + id);
        assertThat(web.path("system").asString()).isEqualTo("shop-" + id);
        assertThat(web.path("dependsOn").get(0).path("service").asString()).isEqualTo("db-" + id);
        assertThat(web.path("links").get(0).path("type").asString()).isEqualTo("runbook");
        assertThat(json(get("/api/v1/services/db-" + id)).path("type").asString()).isEqualTo("database");
    }

    @Test
    void theReadmeExampleCatalogApplies() {
        Run run = cli("apply", "-f", Path.of("..", "examples", "catalog").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        var dependencies = json(get("/api/v1/services/postgres-main/dependencies"));
        assertThat(dependencies.path("blastRadius").findValuesAsString("service")).contains("checkout-api", "ledger", "payments-api", "web-shop");
    }

    @Test
    void cliExplainsAMissingServer() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CatalogClient.export(new String[]{"--server", "http://127.0.0.1:1", "--token", "andon_x"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach Andon at http://127.0.0.1:1");
    }

    // --- checks and heartbeats

    /** A port nothing listens on, so an unpaused check would fail fast and never reach the network. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private String checksYaml(String interval, boolean withSecondCheck) throws IOException {
        String yaml = """
                apiVersion: andon.dev/v1
                kind: Check
                metadata:
                  name: home-%1$s
                spec:
                  title: Home page
                  service: cart-%1$s
                  http:
                    url: http://127.0.0.1:%2$d/health
                    expectedStatus: ["200"]
                    bodyContains: ok
                  interval: %3$s
                  timeout: 5s
                  locations: [local]
                  paused: true
                ---
                apiVersion: andon.dev/v1
                kind: Heartbeat
                metadata:
                  name: backup-%1$s
                spec:
                  service: stock-%1$s
                  cron: "0 2 * * *"
                  timezone: Europe/Amsterdam
                  grace: 1h
                """.formatted(id, closedPort(), interval);
        if (withSecondCheck) {
            yaml += """
                    ---
                    apiVersion: andon.dev/v1
                    kind: Check
                    metadata:
                      name: db-%1$s
                    spec:
                      service: stock-%1$s
                      tcp: {host: 127.0.0.1, port: %2$d}
                      interval: 1h
                      paused: true
                    """.formatted(id, closedPort());
        }
        return yaml;
    }

    @Test
    void checksAndHeartbeatsApplyWithTheCatalogAndReapplyingChangesNothing() throws IOException {
        write("catalog.yaml", catalogYaml(2));
        write("checks.yaml", checksYaml("60s", false));

        Run created = cli("apply", "-f", dir.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("+ create Service cart-" + id).contains("+ create Check home-" + id)
                .contains("+ create Heartbeat backup-" + id);
        var check = json(get("/api/v1/checks/home-" + id));
        assertThat(check.path("service").asString()).isEqualTo("cart-" + id);
        assertThat(check.path("http").path("bodyContains").asString()).isEqualTo("ok");
        assertThat(check.path("status").asString()).isEqualTo("paused");
        var heartbeat = json(get("/api/v1/heartbeats/backup-" + id));
        assertThat(heartbeat.path("service").asString()).isEqualTo("stock-" + id);
        assertThat(heartbeat.path("cron").asString()).isEqualTo("0 2 * * *");

        assertThat(cli("apply", "-f", dir.toString()).out()).contains("No changes");

        write("checks.yaml", checksYaml("30s", false));
        Run updated = cli("apply", "-f", dir.toString());
        assertThat(updated.out()).contains("~ update Check home-" + id).contains("interval: 1m -> 30s");
        assertThat(json(get("/api/v1/checks/home-" + id)).path("interval").asString()).isEqualTo("30s");

        Path exported = dir.resolve("export/all.yaml");
        Files.createDirectories(exported.getParent());
        assertThat(cli("export", "-o", exported.toString()).exitCode()).isZero();
        assertThat(Files.readString(exported)).contains("name: home-" + id).contains("name: backup-" + id);
        Run reapply = cli("apply", "-f", exported.toString(), "--dry-run");
        assertThat(reapply.exitCode()).as(reapply.err()).isZero();
        assertThat(reapply.out()).contains("No changes");
    }

    @Test
    void integrationsAndMaintenanceWindowsApplyExportAndPrune() throws IOException {
        write("catalog.yaml", catalogYaml(2));
        write("alerts.yaml", """
                apiVersion: andon.dev/v1
                kind: Integration
                metadata:
                  name: prom-%1$s
                spec:
                  title: Prometheus
                  service: cart-%1$s
                  type: alertmanager
                  severities: {page: critical}
                  autoResolveAfter: 4h
                ---
                apiVersion: andon.dev/v1
                kind: MaintenanceWindow
                metadata:
                  name: patching-%1$s
                spec:
                  title: Sunday patching
                  services: [cart-%1$s]
                  rrule: FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0
                  duration: 4h
                  timezone: Europe/London
                """.formatted(id));

        Run created = cli("apply", "-f", dir.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("+ create Integration prom-" + id).contains("+ create MaintenanceWindow patching-" + id);
        var integration = json(get("/api/v1/integrations/prom-" + id));
        assertThat(integration.path("type").asString()).isEqualTo("alertmanager");
        assertThat(integration.path("severities").path("page").asString()).isEqualTo("critical");
        assertThat(integration.has("key")).isFalse();
        var window = json(get("/api/v1/maintenance-windows/patching-" + id));
        assertThat(window.path("next").path("start").asString()).isNotEmpty();
        assertThat(cli("apply", "-f", dir.toString()).out()).contains("No changes");

        Path exported = dir.resolve("export/all.yaml");
        Files.createDirectories(exported.getParent());
        assertThat(cli("export", "-o", exported.toString()).exitCode()).isZero();
        assertThat(Files.readString(exported)).contains("kind: Integration").contains("name: patching-" + id);
        Run reapply = cli("apply", "-f", exported.toString(), "--dry-run");
        assertThat(reapply.exitCode()).as(reapply.err()).isZero();
        assertThat(reapply.out()).contains("No changes");

        // A bad window applies nothing and is reported at its field.
        Files.delete(exported);
        write("alerts.yaml", Files.readString(dir.resolve("alerts.yaml")).replace("FREQ=WEEKLY;BYDAY=SU", "FREQ=FORTNIGHTLY"));
        Run bad = cli("apply", "-f", dir.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("alerts.yaml:19:10: rrule: 'FREQ=FORTNIGHTLY;BYHOUR=2;BYMINUTE=0' is not an RRULE")
                .contains("1 problem(s)");
    }

    @Test
    void anInvalidCheckIsRefusedAtItsFieldAndNothingIsApplied() throws IOException {
        String checks = """
                apiVersion: andon.dev/v1
                kind: Check
                metadata:
                  name: broken-%1$s
                spec:
                  service: cart-%1$s
                  http:
                    url: http://127.0.0.1:1/
                    colour: blue
                ---
                apiVersion: andon.dev/v1
                kind: Heartbeat
                metadata:
                  name: late-%1$s
                spec:
                  service: cart-%1$s
                  cron: "0 2 * *"
                """.formatted(id);
        String body = JSON.writeValueAsString(java.util.Map.of("files", java.util.List.of(
                java.util.Map.of("path", "catalog.yaml", "content", catalogYaml(2)),
                java.util.Map.of("path", "checks/bad.yaml", "content", checks))));

        var response = post("/api/v1/apply", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(json(response).path("errors").toString())
                .contains("checks/bad.yaml:9:5: http.colour: unknown field 'colour'")
                .contains("checks/bad.yaml:17:9: cron: '0 2 * *' is not a five-field cron expression");
        assertThat(get("/api/v1/services/cart-" + id).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/checks/broken-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aCheckOfAServiceThatDoesNotExistIsReportedAtItsServiceField() throws IOException {
        write("checks.yaml", """
                apiVersion: andon.dev/v1
                kind: Check
                metadata:
                  name: orphan-%1$s
                spec:
                  service: nowhere-%1$s
                  tcp: {host: 127.0.0.1, port: 1}
                  paused: true
                """.formatted(id));

        Run run = cli("apply", "-f", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("checks.yaml:6:12: service refers to Service 'nowhere-" + id + "', which does not exist");
        assertThat(get("/api/v1/checks/orphan-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void pruneDeletesChecksTheFilesNoLongerNameAndLeavesHeartbeatsAlone() throws IOException {
        write("catalog.yaml", catalogYaml(2));
        write("checks.yaml", checksYaml("60s", true));
        assertThat(cli("apply", "-f", dir.toString()).exitCode()).isZero();
        assertThat(get("/api/v1/checks/db-" + id).statusCode()).isEqualTo(200);

        // Every check the server has that these files do not name goes, so keep the ones other tests made.
        String others = cli("export").out();
        String keptChecks = String.join("---\n", java.util.Arrays.stream(others.split("(?m)^---\\s*$"))
                .filter(document -> document.contains("kind: Check") && !document.contains("-" + id + "\n"))
                .toList());
        Files.delete(dir.resolve("catalog.yaml"));
        write("checks.yaml", checksYaml("60s", false).split("(?m)^---\\s*$")[0] + (keptChecks.isBlank() ? "" : "---\n" + keptChecks));
        Run run = cli("apply", "-f", dir.toString(), "--prune");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(run.out()).contains("- delete Check db-" + id).doesNotContain("delete Heartbeat").doesNotContain("delete Service");
        assertThat(get("/api/v1/checks/db-" + id).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/checks/home-" + id).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/heartbeats/backup-" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void theExampleChecksPlanWithTheExampleCatalog() {
        Run run = cli("apply", "-f", Path.of("..", "examples").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("+ create Check checkout-api-health").contains("+ create Heartbeat ledger-nightly-backup")
                .contains("+ create Integration shop-prometheus").contains("+ create MaintenanceWindow sunday-patching").contains("Dry run");
    }
}
