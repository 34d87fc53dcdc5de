package dev.andon.oncall;

import java.util.Locale;

/** How a person can be reached; the address of each is an email address, a phone number in E.164 or a webhook URL. */
public enum ContactType {
    EMAIL, SMS, VOICE, SLACK, TEAMS, WEBHOOK;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null for an unknown text, so the caller can say where it was. */
    public static ContactType parse(String text) {
        for (ContactType type : values()) {
            if (type.text().equals(text)) {
                return type;
            }
        }
        return null;
    }

    /** Webhook URLs of Slack and Teams carry their own credential, so they are kept encrypted like a password. */
    public boolean addressIsSecret() {
        return this == SLACK || this == TEAMS || this == WEBHOOK;
    }
}
