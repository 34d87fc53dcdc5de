package dev.andon.server.paging.channels;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code andon.notify.*} settings (also {@code ANDON_NOTIFY_*} environment variables), described in
 * docs/NOTIFICATIONS.md. Every part has a default, so Andon starts with nothing configured; Slack, Teams and
 * webhooks need no server-wide setting at all because their address carries everything.
 */
@ConfigurationProperties("andon.notify")
public record NotifyProperties(Smtp smtp, Twilio twilio, Slack slack) {

    public NotifyProperties {
        smtp = smtp == null ? new Smtp(null, 0, null, null, false, null) : smtp;
        twilio = twilio == null ? new Twilio(null, null, null, null) : twilio;
        slack = slack == null ? new Slack(null) : slack;
    }

    /** The mail server email notifications go through; by default a local one on port 25 without login. */
    public record Smtp(String host, int port, String username, String password, boolean starttls, String from) {
        public Smtp {
            host = blank(host) ? "localhost" : host;
            port = port == 0 ? 25 : port;
            from = blank(from) ? "andon@localhost" : from;
        }
    }

    /** The Twilio account that sends SMS and places voice calls; both are off until all three values are set. */
    public record Twilio(String accountSid, String authToken, String from, String apiUrl) {
        public Twilio {
            apiUrl = blank(apiUrl) ? "https://api.twilio.com" : apiUrl;
        }

        public boolean configured() {
            return !blank(accountSid) && !blank(authToken) && !blank(from);
        }
    }

    /** The Slack app's signing secret, which proves that a button press really comes from Slack. */
    public record Slack(String signingSecret) {
        public boolean interactive() {
            return !blank(signingSecret);
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
