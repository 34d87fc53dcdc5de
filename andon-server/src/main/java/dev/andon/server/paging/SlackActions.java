package dev.andon.server.paging;

import dev.andon.server.paging.channels.NotifyProperties;
import dev.andon.server.paging.channels.SlackSignature;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request URL of the Slack app's interactivity: a press of Acknowledge or Resolve on a page
 * posted by {@code SlackChannel}. The request must carry Slack's signature (signing secret
 * {@code andon.notify.slack.signing-secret}, timestamps within 5 minutes); the button's value is the
 * same one-time link token as in emails, so it acts once and expires the same way. The message in
 * Slack is then replaced through the press's {@code response_url} to say who did what.
 */
@RestController
public class SlackActions {
    private static final Logger log = LoggerFactory.getLogger(SlackActions.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LARGEST_BODY = 64 * 1024;

    private final NotifyProperties properties;
    private final Paging paging;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public SlackActions(NotifyProperties properties, Paging paging, Clock clock) {
        this.properties = properties;
        this.paging = paging;
        this.clock = clock;
    }

    @PostMapping("/integrations/slack/actions")
    public ResponseEntity<String> press(HttpServletRequest request) throws IOException {
        String secret = properties.slack().signingSecret();
        if (secret == null || secret.isBlank()) {
            return text(404, "Slack interactivity is off: set andon.notify.slack.signing-secret (ANDON_NOTIFY_SLACK_SIGNING_SECRET)");
        }
        byte[] raw = request.getInputStream().readNBytes(LARGEST_BODY + 1);
        if (raw.length > LARGEST_BODY) {
            return text(413, "body too large");
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        if (!SlackSignature.verify(secret, request.getHeader("X-Slack-Request-Timestamp"), body, request.getHeader("X-Slack-Signature"),
                clock.instant())) {
            return text(401, "bad or missing Slack signature");
        }
        JsonNode payload = null;
        for (String pair : body.split("&")) {
            if (pair.startsWith("payload=")) {
                payload = JSON.readTree(URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8));
            }
        }
        if (payload == null || !payload.path("actions").isArray() || payload.path("actions").isEmpty()) {
            return text(400, "no action in the payload");
        }
        JsonNode action = payload.path("actions").get(0);
        String actionId = action.path("action_id").asString();
        if (!actionId.equals("andon_acknowledge") && !actionId.equals("andon_resolve")) {
            // The "Open in Andon" button also reports its press; nothing to do.
            return ResponseEntity.ok().build();
        }
        JsonNode user = payload.path("user");
        String who = "slack:" + (user.hasNonNull("username") ? user.get("username").asString() : user.path("id").asString());
        ActionLinks.Checked result = paging.useLink(action.path("value").asString(), who);
        String reply = result.refusal() == null
                ? (actionId.equals("andon_resolve") ? ":white_check_mark: Resolved by " : ":eyes: Acknowledged by ") + who.substring(6)
                : switch (result.refusal()) {
                    case USED -> "That button was already used.";
                    case EXPIRED -> "That button has expired: open the alert in Andon.";
                    case INVALID -> "That button is not valid.";
                };
        String responseUrl = payload.path("response_url").asString(null);
        if (responseUrl != null && responseUrl.startsWith("https://")) {
            respond(responseUrl, reply, result.refusal() == null);
        }
        return ResponseEntity.ok().build();
    }

    /** Replaces the message (an action taken) or adds an ephemeral note (a refusal) through Slack's response_url. */
    private void respond(String url, String text, boolean replace) {
        var node = JSON.createObjectNode().put("text", text);
        if (replace) {
            node.put("replace_original", false).put("response_type", "in_channel");
        } else {
            node.put("response_type", "ephemeral");
        }
        try {
            http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(node.toString())).build(), HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException unreachable) {
            log.warn("Could not answer a Slack button press: {}", unreachable.getClass().getSimpleName());
        }
    }

    private static ResponseEntity<String> text(int status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message + "\n");
    }
}
