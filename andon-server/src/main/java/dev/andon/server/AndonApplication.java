package dev.andon.server;

import dev.andon.server.access.Accounts;
import java.time.Clock;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The Andon server: wires the features together; holds no logic of its own. */
@SpringBootApplication
@EnableConfigurationProperties({AndonProperties.class, dev.andon.server.paging.PagingProperties.class,
        dev.andon.server.postmortems.PostmortemProperties.class})
public class AndonApplication {

    /** The one clock everything reads time from, so tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * On first start, creates the admin and prints its generated password, once, to the console
     * (never to the log). Runs before the web server opens, so /readyz never says ready before an
     * admin can sign in.
     */
    @Bean
    SmartInitializingSingleton firstAdmin(Accounts accounts, AndonProperties properties) {
        return () -> {
            String password = accounts.ensureAdmin(properties);
            if (password != null) {
                System.out.println("""

                        ==================================================================
                          Andon created the first admin account. Sign in and change it:
                            username: admin
                            password: %s
                          This password is shown only this once.
                        ==================================================================
                        """.formatted(password));
            }
        };
    }
}
