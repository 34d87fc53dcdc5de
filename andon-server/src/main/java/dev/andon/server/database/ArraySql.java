package dev.andon.server.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Plain JDBC for the statements of a group commit, which bind a handful of arrays (one element per
 * row) and run hundreds of times a second on one thread: jOOQ's plain-SQL rendering and binding
 * cost more CPU there than the statement itself. Runs on the jOOQ context's connection, so inside
 * the caller's transaction.
 */
public final class ArraySql {
    private ArraySql() {}

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface Row {
        void read(ResultSet row) throws SQLException;
    }

    /**
     * Errors become Spring's DataAccessException hierarchy, as jOOQ's statements do, so the group
     * commit can tell a lost connection or a lost race (retry) from bad data (refuse).
     */
    private static final SQLExceptionTranslator TRANSLATOR = new SQLExceptionSubclassTranslator();

    public static int execute(DSLContext sql, String statement, Object... params) {
        return sql.connectionResult(connection -> {
            try (PreparedStatement prepared = prepare(connection, statement, params)) {
                prepared.execute();
                return prepared.getUpdateCount();
            } catch (SQLException e) {
                throw translated(statement, e);
            }
        });
    }

    public static void query(DSLContext sql, String statement, Row row, Object... params) {
        sql.connection(connection -> {
            try (PreparedStatement prepared = prepare(connection, statement, params); ResultSet result = prepared.executeQuery()) {
                while (result.next()) {
                    row.read(result);
                }
            } catch (SQLException e) {
                throw translated(statement, e);
            }
        });
    }

    private static DataAccessException translated(String statement, SQLException e) {
        DataAccessException translated = TRANSLATOR.translate("group commit", statement, e);
        return translated != null ? translated : new UncategorizedSQLException("group commit", statement, e);
    }

    /** The first column of every row, as longs (ids). */
    public static List<Long> ids(DSLContext sql, String statement, Object... params) {
        List<Long> ids = new ArrayList<>();
        query(sql, statement, row -> ids.add(row.getLong(1)), params);
        return ids;
    }

    private static PreparedStatement prepare(Connection connection, String statement, Object... params) throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement);
        try {
            // Arrays are built on the driver's own connection: through the transaction and pool
            // proxies, each of a batch's thirty-odd arrays cost a reflective call.
            Connection driver = connection.isWrapperFor(org.postgresql.core.BaseConnection.class)
                    ? connection.unwrap(org.postgresql.core.BaseConnection.class) : connection;
            for (int i = 0; i < params.length; i++) {
                Object param = params[i];
                if (param instanceof Object[] array) {
                    prepared.setArray(i + 1, driver.createArrayOf(elementType(array), elements(array)));
                } else {
                    prepared.setObject(i + 1, param);
                }
            }
            return prepared;
        } catch (SQLException | RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    private static String elementType(Object[] array) {
        Class<?> type = array.getClass().getComponentType();
        if (type == Long.class) {
            return "int8";
        } else if (type == Integer.class) {
            return "int4";
        } else if (type == Double.class) {
            return "float8";
        } else if (type == Boolean.class) {
            return "bool";
        } else if (type == OffsetDateTime.class) {
            return "timestamptz";
        } else if (type == UUID.class) {
            return "uuid";
        } else if (type == String.class) {
            return "text";
        }
        throw new IllegalArgumentException("no SQL array type for " + type.getName());
    }

    /** Timestamps travel as ISO 8601 text, which PostgreSQL reads exactly. */
    private static Object[] elements(Object[] array) {
        if (array instanceof OffsetDateTime[] times) {
            String[] text = new String[times.length];
            for (int i = 0; i < times.length; i++) {
                text[i] = times[i] == null ? null : times[i].toString();
            }
            return text;
        }
        return array;
    }
}
