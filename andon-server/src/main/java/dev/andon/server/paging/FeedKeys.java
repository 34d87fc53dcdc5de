package dev.andon.server.paging;

import dev.andon.server.access.SecretBox;
import org.springframework.stereotype.Component;

/**
 * Keys of the calendar feeds: a calendar app cannot sign in, so each feed URL carries a key signed
 * with the server's key, one per schedule and one per person. Changing {@code andon.secret-key}
 * changes them all.
 */
@Component
public class FeedKeys {
    private final SecretBox secrets;

    public FeedKeys(SecretBox secrets) {
        this.secrets = secrets;
    }

    public String scheduleKey(String slug) {
        return secrets.sign("ical:schedule:" + slug);
    }

    public String personKey(String username) {
        return secrets.sign("ical:person:" + username);
    }

    public boolean validSchedule(String slug, String key) {
        return key != null && secrets.verify("ical:schedule:" + slug, key);
    }

    public boolean validPerson(String username, String key) {
        return key != null && secrets.verify("ical:person:" + username, key);
    }
}
