package dev.andon.server.paging.channels;

import dev.andon.oncall.ContactType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the notification settings, and the Twilio channel once per contact type it serves. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifyProperties.class)
class ChannelsConfiguration {

    @Bean
    Channel smsChannel(NotifyProperties properties, ChannelHttp http) {
        return new TwilioChannel(ContactType.SMS, properties.twilio(), http);
    }

    @Bean
    Channel voiceChannel(NotifyProperties properties, ChannelHttp http) {
        return new TwilioChannel(ContactType.VOICE, properties.twilio(), http);
    }
}
