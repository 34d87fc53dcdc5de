package dev.andon.server.paging.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Binds the settings the way Spring does at startup, so the names in docs/NOTIFICATIONS.md are the ones that work. */
class NotifyPropertiesTest {

    @Test
    void nothingConfiguredGivesWorkingDefaults() {
        NotifyProperties properties = bind(Map.of());

        assertThat(properties.smtp()).isEqualTo(new NotifyProperties.Smtp("localhost", 25, null, null, false, "andon@localhost"));
        assertThat(properties.twilio().apiUrl()).isEqualTo("https://api.twilio.com");
        assertThat(properties.twilio().configured()).isFalse();
        assertThat(properties.slack().interactive()).isFalse();
    }

    @Test
    void environmentVariablesAsDocumentedAreBound() {
        NotifyProperties properties = bind(Map.of(
                "ANDON_NOTIFY_SMTP_HOST", "smtp.example.com",
                "ANDON_NOTIFY_SMTP_PORT", "587",
                "ANDON_NOTIFY_SMTP_USERNAME", "andon",
                "ANDON_NOTIFY_SMTP_PASSWORD", "mail-password",
                "ANDON_NOTIFY_SMTP_STARTTLS", "true",
                "ANDON_NOTIFY_SMTP_FROM", "andon@example.com",
                "ANDON_NOTIFY_TWILIO_ACCOUNT_SID", "AC123",
                "ANDON_NOTIFY_TWILIO_AUTH_TOKEN", "token",
                "ANDON_NOTIFY_TWILIO_FROM", "+14155550100",
                "ANDON_NOTIFY_SLACK_SIGNING_SECRET", "slack-secret"));

        assertThat(properties.smtp()).isEqualTo(
                new NotifyProperties.Smtp("smtp.example.com", 587, "andon", "mail-password", true, "andon@example.com"));
        assertThat(properties.twilio()).isEqualTo(
                new NotifyProperties.Twilio("AC123", "token", "+14155550100", "https://api.twilio.com"));
        assertThat(properties.twilio().configured()).isTrue();
        assertThat(properties.slack().signingSecret()).isEqualTo("slack-secret");
    }

    private static NotifyProperties bind(Map<String, Object> environmentVariables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        environmentVariables));
        return Binder.get(environment).bind("andon.notify", NotifyProperties.class)
                .orElseGet(() -> new NotifyProperties(null, null, null));
    }
}
