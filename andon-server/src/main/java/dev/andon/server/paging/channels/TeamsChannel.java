package dev.andon.server.paging.channels;

import dev.andon.oncall.ContactType;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts an Adaptive Card to a Microsoft Teams incoming webhook (a Workflows "When a Teams webhook request is
 * received" URL, the address). Teams cannot call back without a bot, so Acknowledge and Resolve are links that
 * open Andon's action pages.
 */
@Component
final class TeamsChannel implements Channel {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChannelHttp http;

    TeamsChannel(ChannelHttp http) {
        this.http = http;
    }

    @Override
    public ContactType type() {
        return ContactType.TEAMS;
    }

    @Override
    public DeliveryResult send(String address, String secret, Message message) {
        URI uri = ChannelHttp.webAddress(address);
        if (uri == null) {
            return DeliveryResult.fail("The Teams address is not a webhook URL (create one with the Workflows app)");
        }
        // Workflows answers 202 Accepted; the older connector URLs answered 200. Both count as delivered.
        return http.postAndClassify(uri, "application/json; charset=utf-8", body(message), Map.of());
    }

    static String body(Message message) {
        ObjectNode root = JSON.createObjectNode().put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive")
                .putNull("contentUrl");
        ObjectNode card = attachment.putObject("content")
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard")
                .put("version", "1.4");

        ArrayNode body = card.putArray("body");
        textBlock(body, message.subject()).put("size", "Large").put("weight", "Bolder")
                .put("color", message.test() ? "Default" : "Attention");
        if (!message.summary().isBlank()) {
            textBlock(body, message.summary());
        }
        String facts = "Severity: " + message.severity().toUpperCase(Locale.ROOT);
        if (!message.service().isBlank()) {
            facts += " · Service: " + message.service();
        }
        textBlock(body, facts).put("weight", "Bolder");
        for (String line : message.details()) {
            textBlock(body, line).put("isSubtle", true).put("spacing", "None");
        }

        ArrayNode actions = card.putArray("actions");
        openUrl(actions, "Acknowledge", message.acknowledgeUrl());
        openUrl(actions, "Resolve", message.resolveUrl());
        openUrl(actions, "Open in Andon", message.alertUrl());
        return JSON.writeValueAsString(root);
    }

    private static ObjectNode textBlock(ArrayNode body, String text) {
        return body.addObject().put("type", "TextBlock").put("text", text).put("wrap", true);
    }

    private static void openUrl(ArrayNode actions, String title, String url) {
        if (url != null) {
            actions.addObject().put("type", "Action.OpenUrl").put("title", title).put("url", url);
        }
    }
}
