package dev.andon.server.paging.channels;

import dev.andon.oncall.ContactType;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts to a Slack incoming webhook (the address) a Block Kit message with Acknowledge and Resolve buttons.
 * The buttons carry the alert's action tokens as their values; Slack sends presses to the app's interactivity
 * URL ({@code /integrations/slack/actions}), where {@link SlackSignature} checks them.
 */
@Component
final class SlackChannel implements Channel {
    static final String ACKNOWLEDGE_ACTION = "andon_acknowledge";
    static final String RESOLVE_ACTION = "andon_resolve";
    static final String OPEN_ACTION = "andon_open";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Slack refuses a header text longer than this. */
    private static final int HEADER_LIMIT = 150;
    /** Slack refuses a context block with more elements than this. */
    private static final int CONTEXT_LIMIT = 10;

    private final ChannelHttp http;

    SlackChannel(ChannelHttp http) {
        this.http = http;
    }

    @Override
    public ContactType type() {
        return ContactType.SLACK;
    }

    @Override
    public DeliveryResult send(String address, String secret, Message message) {
        URI uri = ChannelHttp.webAddress(address);
        if (uri == null) {
            return DeliveryResult.fail("The Slack address is not a webhook URL (https://hooks.slack.com/services/...)");
        }
        return http.postAndClassify(uri, "application/json; charset=utf-8", body(message), Map.of());
    }

    static String body(Message message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", fallbackText(message));
        ArrayNode blocks = root.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", shorten(message.subject().isBlank() ? "Andon alert" : message.subject(), HEADER_LIMIT))
                .put("emoji", true);

        ObjectNode section = blocks.addObject().put("type", "section");
        if (!message.summary().isBlank()) {
            section.putObject("text").put("type", "mrkdwn").put("text", escape(message.summary()));
        }
        ArrayNode fields = section.putArray("fields");
        fields.addObject().put("type", "mrkdwn").put("text", "*Severity*\n" + escape(severity(message)));
        fields.addObject().put("type", "mrkdwn").put("text", "*Service*\n" + escape(message.service()));

        List<String> details = message.details();
        for (int start = 0; start < details.size(); start += CONTEXT_LIMIT) {
            ArrayNode elements = blocks.addObject().put("type", "context").putArray("elements");
            for (String line : details.subList(start, Math.min(details.size(), start + CONTEXT_LIMIT))) {
                elements.addObject().put("type", "mrkdwn").put("text", escape(line));
            }
        }

        ArrayNode buttons = JSON.createArrayNode();
        if (message.acknowledgeUrl() != null) {
            ObjectNode acknowledge = button(buttons, ACKNOWLEDGE_ACTION, "Acknowledge").put("style", "primary");
            acknowledge.put("value", token(message.acknowledgeUrl()));
        }
        if (message.resolveUrl() != null) {
            button(buttons, RESOLVE_ACTION, "Resolve").put("value", token(message.resolveUrl()));
        }
        if (message.alertUrl() != null) {
            button(buttons, OPEN_ACTION, "Open in Andon").put("url", message.alertUrl());
        }
        if (!buttons.isEmpty()) {
            blocks.addObject().put("type", "actions").put("block_id", "andon_alert").set("elements", buttons);
        }
        return JSON.writeValueAsString(root);
    }

    /** The token the action URL ends with; the interactivity endpoint acts on it as the link would. */
    static String token(String actionUrl) {
        // By hand rather than with URI, which would throw on a malformed link and lose the whole page.
        String path = actionUrl.replaceFirst("[?#].*$", "");
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static ObjectNode button(ArrayNode buttons, String actionId, String label) {
        ObjectNode button = buttons.addObject().put("type", "button").put("action_id", actionId);
        button.putObject("text").put("type", "plain_text").put("text", label);
        return button;
    }

    /** Shown in notifications and by clients that cannot draw blocks. */
    private static String fallbackText(Message message) {
        String text = message.subject();
        if (!message.service().isBlank()) {
            text += " (" + message.service() + ")";
        }
        return escape(text);
    }

    private static String severity(Message message) {
        return message.severity().toUpperCase(Locale.ROOT);
    }

    /** Slack's mrkdwn reads &, < and > as markup; these are the three escapes it asks for. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String shorten(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
