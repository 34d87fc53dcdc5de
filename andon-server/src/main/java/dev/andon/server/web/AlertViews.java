package dev.andon.server.web;

import dev.andon.server.alerts.AlertStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the alert pages show what an alert carries. Links, images and custom details come from
 * whoever holds an integration key, so they are read defensively: JSON that does not parse shows
 * as text, and only http(s) and same-site URLs become links (never {@code javascript:}).
 */
public final class AlertViews {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AlertViews() {}

    /** An alert as the inbox, the service page and the integration page list it. */
    public record Row(AlertStore.AlertRow alert, String age, String createdAt, String origin, String originHref, int events) {
        public String severityClass() {
            return AlertViews.severityClass(alert.severity());
        }

        /** The class a row or header takes for its severity's colour bar (not the chip's class, which fills the background). */
        public String rowClass() {
            return "row-" + AlertViews.severityClass(alert.severity());
        }

        public String statusClass() {
            return AlertViews.statusClass(alert.status());
        }

        public String statusWord() {
            return CheckPages.statusWord(alert.status());
        }

        public boolean triggered() {
            return "triggered".equals(alert.status());
        }

        public boolean deduplicated() {
            return events > 1;
        }
    }

    /** A link an alert or a change event carries, its URL checked. */
    public record LinkView(String href, String text) {}

    /** An image an alert carries; {@code href} is where it links to, if anywhere. */
    public record ImageView(String src, String href, String alt) {}

    /**
     * One entry of the custom details: a plain value, a small object shown as its own key/value list,
     * or anything else as pretty JSON.
     */
    public record DetailRow(String key, String value, List<DetailRow> children, String json) {}

    /** A change event as listed: "who just changed?". */
    public record ChangeView(Instant at, String time, String ago, String summary, String source, String service, List<LinkView> links) {}

    static Row row(AlertStore.AlertRow alert, Instant now) {
        String origin;
        String href;
        if ("check".equals(alert.origin()) && alert.originRef() != null) {
            origin = "check " + alert.originRef();
            href = "/checks/" + alert.originRef();
        } else if (alert.integration() != null) {
            origin = alert.integrationName() == null ? alert.integration() : alert.integrationName();
            href = "/integrations/" + alert.integration();
        } else {
            origin = alert.origin();
            href = null;
        }
        return new Row(alert, TimeText.relative(alert.createdAt(), now), TimeText.minute(alert.createdAt()), origin, href,
                alert.dedupCount() + 1);
    }

    static List<Row> rows(List<AlertStore.AlertRow> alerts, Instant now) {
        return alerts.stream().map(alert -> row(alert, now)).toList();
    }

    static List<ChangeView> changes(List<AlertStore.ChangeRow> changes, Instant now) {
        return changes.stream().map(change -> new ChangeView(change.happenedAt(), TimeText.minute(change.happenedAt()),
                TimeText.relative(change.happenedAt(), now), change.summary(), change.source(), change.service(), links(change.links()))).toList();
    }

    /** The severity chip's class: {@code sev-critical}, {@code sev-error}, {@code sev-warning}, {@code sev-info}. */
    public static String severityClass(String severity) {
        return "sev-" + (severity == null ? "unknown" : severity);
    }

    /** The status badge's class, in the colours checks use: triggered red, acknowledged amber, resolved green. */
    public static String statusClass(String status) {
        return switch (status == null ? "" : status) {
            case "triggered" -> "status-down";
            case "acknowledged" -> "status-degraded";
            case "resolved" -> "status-ok";
            default -> "status-unknown";
        };
    }

    /**
     * The URL if a browser may follow it from an alert: absolute http or https, or a path on this
     * site; null otherwise ({@code javascript:}, {@code data:}, protocol-relative, garbage).
     */
    public static String safeUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String candidate = url.strip();
        if (candidate.startsWith("/")) {
            return candidate.startsWith("//") || candidate.startsWith("/\\") ? null : candidate;
        }
        try {
            URI uri = new URI(candidate);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? candidate : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The links of a {@code [{"href": .., "text": ..}]} array; unsafe or missing URLs are left out. */
    static List<LinkView> links(String json) {
        List<LinkView> links = new ArrayList<>();
        for (JsonNode link : array(json)) {
            String href = safeUrl(text(link, "href"));
            if (href != null) {
                String text = text(link, "text");
                links.add(new LinkView(href, text == null ? href : text));
            }
        }
        return links;
    }

    /** The images of a {@code [{"src": .., "href": .., "alt": ..}]} array; unsafe sources are left out. */
    static List<ImageView> images(String json) {
        List<ImageView> images = new ArrayList<>();
        for (JsonNode image : array(json)) {
            String src = safeUrl(text(image, "src"));
            if (src != null) {
                images.add(new ImageView(src, safeUrl(text(image, "href")), text(image, "alt")));
            }
        }
        return images;
    }

    /** Custom details as key/value rows; JSON that is not an object becomes one row. */
    static List<DetailRow> details(String json) {
        JsonNode node = parse(json);
        if (node == null) {
            return json == null || json.isBlank() ? List.of() : List.of(new DetailRow("details", json, List.of(), null));
        }
        if (!node.isObject()) {
            return List.of(detail("details", node, true));
        }
        List<DetailRow> rows = new ArrayList<>();
        node.properties().forEach(entry -> rows.add(detail(entry.getKey(), entry.getValue(), true)));
        return rows;
    }

    private static DetailRow detail(String key, JsonNode value, boolean nest) {
        if (value == null || value.isNull()) {
            return new DetailRow(key, "null", List.of(), null);
        }
        if (value.isValueNode()) {
            return new DetailRow(key, value.asString(), List.of(), null);
        }
        if (nest && value.isObject() && !value.isEmpty() && value.valueStream().allMatch(JsonNode::isValueNode)) {
            List<DetailRow> children = new ArrayList<>();
            value.properties().forEach(entry -> children.add(detail(entry.getKey(), entry.getValue(), false)));
            return new DetailRow(key, null, children, null);
        }
        return new DetailRow(key, null, List.of(), value.toPrettyString());
    }

    /**
     * What the sender wrote about what to do first: {@code first_steps} and {@code description} in the
     * custom details, or the {@code description} annotation of an Alertmanager alert.
     */
    static List<String> firstSteps(String customDetails) {
        JsonNode details = parse(customDetails);
        List<String> steps = new ArrayList<>();
        if (details == null || !details.isObject()) {
            return steps;
        }
        for (JsonNode source : List.of(details, details.path("annotations"))) {
            for (String field : List.of("first_steps", "firstSteps", "description")) {
                JsonNode value = source.get(field);
                if (value == null) {
                    continue;
                }
                if (value.isArray()) {
                    value.valueStream().filter(JsonNode::isValueNode).map(JsonNode::asString).filter(step -> !step.isBlank())
                            .filter(step -> !steps.contains(step)).forEach(steps::add);
                } else if (value.isValueNode() && !value.asString().isBlank() && !steps.contains(value.asString())) {
                    steps.add(value.asString());
                }
            }
        }
        return steps;
    }

    /** A field of the custom details as text (for a check's alert: its location, message, failed phase), or null. */
    static String detailText(String customDetails, String field) {
        JsonNode details = parse(customDetails);
        JsonNode value = details == null ? null : details.get(field);
        return value == null || !value.isValueNode() || value.asString().isBlank() ? null : value.asString();
    }

    private static List<JsonNode> array(String json) {
        JsonNode node = parse(json);
        if (node == null || !node.isArray()) {
            return List.of();
        }
        return node.valueStream().filter(JsonNode::isObject).toList();
    }

    static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (RuntimeException e) {
            // Stored by an older version, or not JSON at all: shown as text rather than breaking the page.
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isValueNode() || value.asString().isBlank() ? null : value.asString().strip();
    }
}
