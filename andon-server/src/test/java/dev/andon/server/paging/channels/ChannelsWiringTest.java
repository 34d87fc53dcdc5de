package dev.andon.server.paging.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.oncall.ContactType;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** Spring finds every channel and the settings by itself, without the database or the web server. */
class ChannelsWiringTest {

    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackageClasses = Channels.class)
    static class ChannelsOnly {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    @Test
    void springWiresOneChannelPerContactType() {
        new ApplicationContextRunner()
                .withUserConfiguration(ChannelsOnly.class)
                .withPropertyValues("andon.notify.twilio.account-sid=AC123", "andon.notify.smtp.port=2525")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Channels channels = context.getBean(Channels.class);
                    for (ContactType type : ContactType.values()) {
                        assertThat(channels.of(type).type()).isEqualTo(type);
                    }
                    NotifyProperties properties = context.getBean(NotifyProperties.class);
                    assertThat(properties.twilio().accountSid()).isEqualTo("AC123");
                    assertThat(properties.smtp().port()).isEqualTo(2525);
                    assertThat(properties.smtp().host()).isEqualTo("localhost");
                });
    }
}
