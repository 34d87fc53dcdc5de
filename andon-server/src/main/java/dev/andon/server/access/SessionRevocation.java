package dev.andon.server.access;

import jakarta.servlet.http.HttpSession;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Ends a user's sessions (on every node: they live in PostgreSQL) once a change to their access
 * has committed, so a reset password, a demotion or a deletion takes effect at once.
 */
@Component
public class SessionRevocation {
    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    public SessionRevocation(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void accessChanged(AccessChanged change) {
        String current = change.keepCurrentSession() ? currentSessionId() : null;
        for (String id : sessions.findByPrincipalName(change.username()).keySet()) {
            if (!id.equals(current)) {
                sessions.deleteById(id);
            }
        }
    }

    private static String currentSessionId() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpSession session = attributes.getRequest().getSession(false);
            return session == null ? null : session.getId();
        }
        return null;
    }
}
