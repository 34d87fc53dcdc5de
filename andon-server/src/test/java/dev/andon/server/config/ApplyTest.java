package dev.andon.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.cli.CatalogClient;
import dev.andon.server.support.AndonServerTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
}
