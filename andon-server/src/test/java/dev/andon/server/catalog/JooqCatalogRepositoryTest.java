package dev.andon.server.catalog;

import dev.andon.catalog.CatalogRepository;
import dev.andon.server.support.TestPostgres;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;

/** The catalog contract on real PostgreSQL, each test on a fresh database. */
class JooqCatalogRepositoryTest extends CatalogRepositoryContract {
    private CatalogRepository repository;

    @BeforeEach
    void freshDatabase() {
        repository = new JooqCatalogRepository(DSL.using(TestPostgres.dataSource(TestPostgres.newDatabase()), SQLDialect.POSTGRES),
                new dev.andon.server.access.SecretBox(new byte[32]));
    }

    @Override
    protected CatalogRepository repository() {
        return repository;
    }
}
