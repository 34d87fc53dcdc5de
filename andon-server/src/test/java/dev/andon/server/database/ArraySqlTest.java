package dev.andon.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andon.server.support.TestPostgres;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.BadSqlGrammarException;

/** Array statements on real PostgreSQL: every element type binds, and errors arrive as Spring's exceptions, which the group commit sorts. */
class ArraySqlTest {
    private final DSLContext sql = DSL.using(TestPostgres.dataSource(TestPostgres.newDatabase()), SQLDialect.POSTGRES);

    @Test
    void bindsArraysOfEveryTypeAndReadsRows() {
        sql.execute("create table t (id bigint primary key, n int, x float8, b bool, at timestamptz, name text)");
        OffsetDateTime at = OffsetDateTime.of(2026, 3, 29, 1, 30, 0, 0, ZoneOffset.ofHours(2));
        int inserted = ArraySql.execute(sql, "insert into t select * from unnest(?::bigint[], ?::int[], ?::float8[], ?::bool[], ?::timestamptz[], ?::text[])",
                new Long[] {1L, 2L}, new Integer[] {7, null}, new Double[] {0.5, 1.5}, new Boolean[] {true, false},
                new OffsetDateTime[] {at, null}, new String[] {"a \"quoted\" {name}", null});
        assertThat(inserted).isEqualTo(2);
        List<String> rows = new ArrayList<>();
        ArraySql.query(sql, "select id, n, at, name from t where id = any(?::bigint[]) order by id",
                row -> rows.add(row.getLong(1) + "|" + row.getObject(2) + "|" + row.getObject(3, OffsetDateTime.class) + "|" + row.getString(4)),
                (Object) new Long[] {1L, 2L});
        assertThat(rows).containsExactly("1|7|" + at.withOffsetSameInstant(ZoneOffset.UTC) + "|a \"quoted\" {name}", "2|null|null|null");
        assertThat(ArraySql.ids(sql, "select id from t where b = ?", true)).containsExactly(1L);
    }

    @Test
    void errorsAreSpringsDataAccessExceptions() {
        sql.execute("create table u (id bigint primary key)");
        ArraySql.execute(sql, "insert into u select unnest(?::bigint[])", (Object) new Long[] {1L});
        assertThatThrownBy(() -> ArraySql.execute(sql, "insert into u select unnest(?::bigint[])", (Object) new Long[] {1L}))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> ArraySql.execute(sql, "insert into nowhere values (1)")).isInstanceOf(BadSqlGrammarException.class);
    }
}
