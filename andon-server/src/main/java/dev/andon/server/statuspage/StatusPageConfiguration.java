package dev.andon.server.statuspage;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the {@code andon.status.*} settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StatusProperties.class)
class StatusPageConfiguration {
}
