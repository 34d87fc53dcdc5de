package dev.andon.server.statuspage;

import dev.andon.server.statuspage.StatusPageStore.Page;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public side of email subscriptions: the subscribe form's target, and the signed confirm and
 * one-click unsubscribe links. The form works from published copies of the page too, so it carries no
 * CSRF token; instead each client address may subscribe a few times per window, and the answer is the
 * same whether the address was new, pending, confirmed or not an address at all.
 */
@Controller
public class StatusSubscriptionPages {
    static final String SUBSCRIBE_ANSWER = "If that address can receive email, a message with a confirmation link is on its way. "
            + "Nothing will be sent to it until the link is opened.";
    private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

    private final StatusPageStore store;
    private final StatusSubscribers subscribers;
    private final TemplateEngine templates;
    private final StatusProperties properties;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recentRequests = new ConcurrentHashMap<>();

    public StatusSubscriptionPages(StatusPageStore store, StatusSubscribers subscribers, TemplateEngine templates, StatusProperties properties,
                                   Clock clock) {
        this.store = store;
        this.subscribers = subscribers;
        this.templates = templates;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping("/status/{slug}/subscribe")
    public ResponseEntity<String> subscribe(@PathVariable String slug, @RequestParam(defaultValue = "") String email, HttpServletRequest request) {
        Page page = store.page(slug).orElse(null);
        if (page == null) {
            return notFound();
        }
        if (!allowed(request.getRemoteAddr())) {
            return answer(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", "Too many subscribe requests from your network. Please try again later.",
                    page);
        }
        subscribers.subscribeEmail(page, email);
        return answer(HttpStatus.OK, "Check your inbox", SUBSCRIBE_ANSWER, page);
    }

    @GetMapping("/status/{slug}/confirm/{token}")
    public ResponseEntity<String> confirm(@PathVariable String slug, @PathVariable String token) {
        Page page = store.page(slug).orElse(null);
        if (page == null || subscribers.confirm(slug, token).isEmpty()) {
            return notFound();
        }
        return answer(HttpStatus.OK, "Subscribed", "You will receive an email when " + page.title()
                + " posts an incident update or a maintenance notice. Every email has a link to unsubscribe.", page);
    }

    /** One click, as the link in every email; POST too, as mail clients send for List-Unsubscribe-Post (RFC 8058). */
    @GetMapping("/status/{slug}/unsubscribe/{token}")
    public ResponseEntity<String> unsubscribe(@PathVariable String slug, @PathVariable String token) {
        Page page = store.page(slug).orElse(null);
        if (page == null || subscribers.unsubscribe(slug, token).isEmpty()) {
            return notFound();
        }
        return answer(HttpStatus.OK, "Unsubscribed", "You will receive no more emails from " + page.title() + " status.", page);
    }

    @PostMapping("/status/{slug}/unsubscribe/{token}")
    public ResponseEntity<String> unsubscribeByPost(@PathVariable String slug, @PathVariable String token) {
        return unsubscribe(slug, token);
    }

    /** A sliding window per client address; old addresses are forgotten once the map grows large. */
    boolean allowed(String client) {
        Instant now = clock.instant();
        Instant since = now.minus(properties.subscriptions().window());
        if (recentRequests.size() > 10_000) {
            recentRequests.values().removeIf(times -> {
                synchronized (times) {
                    return times.isEmpty() || times.peekLast().isBefore(since);
                }
            });
        }
        Deque<Instant> times = recentRequests.computeIfAbsent(client == null ? "" : client, key -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst().isBefore(since)) {
                times.pollFirst();
            }
            if (times.size() >= properties.subscriptions().requestsPerWindow()) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    private ResponseEntity<String> answer(HttpStatus status, String title, String message, Page page) {
        StringOutput output = new StringOutput();
        templates.render("statuspage/subscription.jte", Map.of("title", title, "message", message, "pageUrl", subscribers.pageUrl(page)), output);
        return ResponseEntity.status(status).header(HttpHeaders.CACHE_CONTROL, "no-store").contentType(HTML).body(output.toString());
    }

    private static ResponseEntity<String> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).header(HttpHeaders.CACHE_CONTROL, "no-store").contentType(MediaType.TEXT_PLAIN)
                .body("This link is not valid, or the status page does not exist.\n");
    }
}
