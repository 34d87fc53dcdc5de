package dev.andon.server.paging.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andon.oncall.ContactType;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelsTest {
    private final ChannelHttp http = new ChannelHttp();
    private final NotifyProperties properties = new NotifyProperties(null, null, null);

    @Test
    void everyContactTypeHasItsChannel() {
        Channels channels = new Channels(List.of(new EmailChannel(properties), new SlackChannel(http),
                new TeamsChannel(http), new WebhookChannel(http, Clock.systemUTC()),
                new TwilioChannel(ContactType.SMS, properties.twilio(), http),
                new TwilioChannel(ContactType.VOICE, properties.twilio(), http)));

        for (ContactType type : ContactType.values()) {
            assertThat(channels.of(type).type()).isEqualTo(type);
        }
    }

    @Test
    void twoChannelsForOneTypeAreRefused() {
        assertThatThrownBy(() -> new Channels(List.of(new SlackChannel(http), new SlackChannel(http))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Two notification channels for slack: SlackChannel and SlackChannel");
    }

    @Test
    void missingChannelSaysWhichType() {
        Channels channels = new Channels(List.of(new SlackChannel(http)));

        assertThatThrownBy(() -> channels.of(ContactType.TEAMS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No notification channel for teams");
    }
}
