package dev.andon.server.statuspage;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Renders a snapshot as the files of a status page: index.html, api/v2/*.json, history.rss, history.atom. */
@Component
public class StatusRenderer {
    private final TemplateEngine templates;
    private final StatusSubscribers subscribers;

    public StatusRenderer(TemplateEngine templates, StatusSubscribers subscribers) {
        this.templates = templates;
        this.subscribers = subscribers;
    }

    /**
     * The page's HTML; {@code base} prefixes its links to the feeds and API ("" when published as files).
     * The subscribe form posts to this server: relative when served, absolute when published, and left
     * out of published copies while andon.paging.base-url does not say where this server is.
     */
    public String html(StatusSnapshot snapshot, String base) {
        String subscribe = !base.isEmpty() ? base + "subscribe"
                : subscribers.serverUrlConfigured() ? subscribers.serverUrl() + "/status/" + snapshot.page().slug() + "/subscribe" : "";
        StringOutput output = new StringOutput();
        templates.render("statuspage/public.jte", Map.of("view", snapshot, "base", base, "subscribeUrl", subscribe), output);
        return output.toString();
    }

    /** Every file of the page by its relative path, as published. */
    public Map<String, String> files(StatusSnapshot snapshot) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("index.html", html(snapshot, ""));
        for (String file : StatusJson.FILES) {
            files.put("api/v2/" + file, StatusJson.render(snapshot, file));
        }
        files.put("history.rss", StatusFeeds.rss(snapshot));
        files.put("history.atom", StatusFeeds.atom(snapshot));
        return files;
    }

    /** A strong validator of the body. */
    static String etag(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
