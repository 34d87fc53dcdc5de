package dev.andon.server.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints one clear "APPLICATION FAILED TO START" report when PostgreSQL cannot start, instead of a stack of bean errors. */
public class DatabaseStartFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedDatabase.DatabaseStartException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedDatabase.DatabaseStartException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the cause above, or run Andon against an external PostgreSQL 14+: "
                        + "ANDON_DATABASE_URL=jdbc:postgresql://HOST:5432/andon ANDON_DATABASE_USER=... ANDON_DATABASE_PASSWORD=... ./andon server",
                cause);
    }
}
