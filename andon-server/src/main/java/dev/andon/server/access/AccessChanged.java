package dev.andon.server.access;

/**
 * A user's access changed (password, role, account deleted): their other signed-in sessions must
 * end. {@code keepCurrentSession} spares the session that made the change (changing your own password).
 */
public record AccessChanged(String username, boolean keepCurrentSession) {}
