package dev.andon.checks;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One ping received on a heartbeat check's URL. {@code exitStatus} is set when the job reported its
 * exit status ({@code /<key>/0..255}); {@code runId} when it passed {@code ?rid=} to pair a start
 * with its finish.
 */
public record Ping(PingKind kind, Integer exitStatus, UUID runId, Instant at) {
    private static final Pattern EXIT_STATUS = Pattern.compile("\\d{1,3}");
    private static final Pattern CANONICAL_UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public Ping {
        if (kind == null || at == null) {
            throw new IllegalArgumentException("a ping needs a kind and a time");
        }
        if (exitStatus != null && (exitStatus < 0 || exitStatus > 255)) {
            throw new InvalidCheckException("ping", "exit status must be between 0 and 255, was " + exitStatus);
        }
    }

    /**
     * Reads the part of the ping URL after the key: {@code ""} for success, {@code start},
     * {@code fail}, {@code log}, or an exit status {@code 0}..{@code 255} where 0 is a success and
     * anything else a failure. {@code rid}, when present, must be a UUID.
     */
    public static Ping parse(String suffix, String rid, Instant at) {
        String action = suffix == null ? "" : suffix.strip();
        if (action.startsWith("/")) {
            action = action.substring(1);
        }
        UUID runId = runId(rid);
        switch (action.toLowerCase(Locale.ROOT)) {
            case "" -> {
                return new Ping(PingKind.SUCCESS, null, runId, at);
            }
            case "start" -> {
                return new Ping(PingKind.START, null, runId, at);
            }
            case "fail" -> {
                return new Ping(PingKind.FAIL, null, runId, at);
            }
            case "log" -> {
                return new Ping(PingKind.LOG, null, runId, at);
            }
            default -> {
                if (EXIT_STATUS.matcher(action).matches() && Integer.parseInt(action) <= 255) {
                    int exitStatus = Integer.parseInt(action);
                    return new Ping(exitStatus == 0 ? PingKind.SUCCESS : PingKind.FAIL, exitStatus, runId, at);
                }
                throw new InvalidCheckException("ping", "'" + suffix + "' is not a ping: use nothing (success), start, fail, log or an exit status 0-255");
            }
        }
    }

    private static UUID runId(String rid) {
        if (rid == null || rid.isBlank()) {
            return null;
        }
        // UUID.fromString also takes short forms such as "1-2-3-4-5"; a run id must be a real UUID.
        if (!CANONICAL_UUID.matcher(rid.strip()).matches()) {
            throw new InvalidCheckException("rid", "'" + rid + "' is not a UUID");
        }
        return UUID.fromString(rid.strip());
    }
}
