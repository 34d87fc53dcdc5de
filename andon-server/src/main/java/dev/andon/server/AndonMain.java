package dev.andon.server;

import dev.andon.server.cli.AgentMain;
import dev.andon.server.cli.CatalogClient;
import dev.andon.server.database.EarlyDatabaseStart;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import org.springframework.boot.SpringApplication;

/** The one distributable's entry: {@code andon [server|apply|export|version|--help]}. */
public final class AndonMain {
    private AndonMain() {}

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        String command = args.length == 0 ? "server" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        int exitCode = switch (command) {
            case "server" -> {
                SpringApplication application = new SpringApplication(AndonApplication.class);
                // Start the embedded PostgreSQL while Spring builds the context: the two overlap.
                application.addListeners(EarlyDatabaseStart.listener());
                application.run(rest);
                yield -1;
            }
            case "apply" -> CatalogClient.apply(rest, System.out, System.err);
            case "agent" -> AgentMain.run(rest, System.out, System.err);
            case "export" -> CatalogClient.export(rest, System.out, System.err);
            case "version", "--version" -> {
                System.out.println("andon " + version());
                yield 0;
            }
            case "help", "--help", "-h" -> {
                System.out.println(usage());
                yield 0;
            }
            default -> {
                System.err.println("andon: unknown command '" + command + "'\n\n" + usage());
                yield 2;
            }
        };
        if (exitCode >= 0) {
            System.exit(exitCode);
        }
    }

    static String usage() {
        return """
                Usage: andon [COMMAND] [OPTIONS]

                Commands:
                  server                 start Andon (the default); settings in docs/CONFIG.md
                  apply -f FILE_OR_DIR   show the plan for YAML files (Andon kinds or Backstage catalog-info.yaml)
                        [--dry-run]      and apply it in one transaction; --dry-run only shows the plan
                        [--prune]        also delete objects of the kinds in the files that the files do not name
                  export [-o FILE]       write every catalog object as YAML that apply accepts unchanged
                  agent --server URL     run a remote vantage point: fetch the location's checks, run them,
                        --token TOKEN    push the results (no database needed; buffers while the server is away)
                        --location NAME  (or ANDON_URL, ANDON_AGENT_TOKEN, ANDON_LOCATION)
                  version                print the version

                apply and export talk to a running server:
                  --server URL (or ANDON_URL, default http://localhost:8080)
                  --token TOKEN (or ANDON_TOKEN): an API token with the write scope (export includes check secrets such as Authorization headers)
                """;
    }

    /** The version number alone, for User-Agent headers. */
    public static String versionNumber() {
        String version = version();
        int space = version.indexOf(' ');
        return space > 0 ? version.substring(0, space) : version.replace(' ', '-');
    }

    static String version() {
        try (InputStream in = AndonMain.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) {
                return "development build";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("build.version", "unknown") + " (built " + properties.getProperty("build.time", "unknown") + ")";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
