package dev.andon.server.web;

import dev.andon.server.paging.FeedKeys;
import dev.andon.server.paging.PagingProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The calendar feed addresses the pages show, to paste into a calendar app: absolute, at the
 * address people reach Andon at ({@code andon.paging.base-url}, or else the one this page was
 * loaded from), with the key that lets the feed be read without signing in.
 */
@Component
public class FeedUrls {
    private final FeedKeys keys;
    private final PagingProperties properties;

    public FeedUrls(FeedKeys keys, PagingProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    public String schedule(String slug) {
        return base() + "/ical/schedules/" + encode(slug) + ".ics?key=" + keys.scheduleKey(slug);
    }

    public String person(String username) {
        return base() + "/ical/users/" + encode(username) + ".ics?key=" + keys.personKey(username);
    }

    private String base() {
        String configured = properties.baseUrl();
        if (configured != null && !configured.isBlank()) {
            return configured.strip().replaceAll("/+$", "");
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
