package dev.andon.server.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Regenerates the committed jOOQ classes: migrates a throw-away embedded PostgreSQL with the real
 * Flyway scripts, then reads its schema. Run it with the command in docs/DEVELOPMENT.md.
 */
public final class JooqCodegen {
    private JooqCodegen() {}

    public static void main(String[] args) throws Exception {
        Path serverModule = Path.of(args.length > 0 ? args[0] : "andon-server").toAbsolutePath();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            Configuration configuration = new Configuration()
                    .withJdbc(new Jdbc()
                            .withDriver("org.postgresql.Driver")
                            .withUrl(postgres.getJdbcUrl("postgres", "postgres"))
                            .withUser("postgres"))
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    .withExcludes("flyway_schema_history|spring_session.*|scheduled_tasks"))
                            .withGenerate(new Generate().withRecords(true).withPojos(false).withFluentSetters(false))
                            .withTarget(new Target()
                                    .withPackageName("dev.andon.server.jooq")
                                    .withDirectory(serverModule.resolve("src/main/java").toString())));
            GenerationTool.generate(configuration);
        }
    }
}
