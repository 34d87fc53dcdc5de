package dev.andon.server.paging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Paging settings ({@code andon.paging.*}): the address people reach Andon at (every link in a
 * notification starts with it), how long one-click links work, and how many times a notification is
 * tried before it is given up as failed.
 */
@ConfigurationProperties("andon.paging")
public record PagingProperties(String baseUrl, Duration linkValidity, int maxAttempts) {
    public PagingProperties {
        linkValidity = linkValidity == null ? Duration.ofHours(24) : linkValidity;
        maxAttempts = maxAttempts <= 0 ? 6 : maxAttempts;
    }
}
