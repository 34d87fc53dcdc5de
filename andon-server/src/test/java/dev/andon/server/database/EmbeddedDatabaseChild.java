package dev.andon.server.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Run in a separate JVM by EmbeddedDatabaseTest: starts the embedded database, then commits rows
 * one by one and prints "ack N" only after each commit returns, until it is killed with -9.
 */
public final class EmbeddedDatabaseChild {
    private EmbeddedDatabaseChild() {}

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]), 0);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", database.password())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create table if not exists acknowledged (n int primary key)");
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into acknowledged values (?)")) {
                for (int n = 1; ; n++) {
                    insert.setInt(1, n);
                    insert.executeUpdate();
                    System.out.println("ack " + n);
                    System.out.flush();
                }
            }
        }
    }
}
