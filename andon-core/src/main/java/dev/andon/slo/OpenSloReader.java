package dev.andon.slo;

import dev.andon.catalog.Slug;
import dev.andon.slo.OpenSlo.DataSource;
import dev.andon.slo.OpenSlo.Problem;
import dev.andon.slo.OpenSlo.Result;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one OpenSLO v1 file on YAML nodes rather than loaded maps, so every problem carries the line
 * and column it is at, and reading goes on after a problem so the user sees all of them at once.
 * Documents are first gathered by kind, then SLOs are resolved against the SLIs, AlertPolicies and
 * AlertConditions they name, wherever in the file those are.
 */
final class OpenSloReader {
    private static final List<String> KINDS = List.of("Service", "SLO", "SLI", "DataSource", "AlertPolicy", "AlertCondition",
            "AlertNotificationTarget");
    private static final List<String> DOCUMENT_FIELDS = List.of("apiVersion", "kind", "metadata", "spec");
    private static final List<String> INLINE_FIELDS = List.of("kind", "metadata", "spec");
    private static final List<String> METADATA_FIELDS = List.of("name", "displayName", "labels", "annotations");
    private static final List<String> SERVICE_FIELDS = List.of("description");
    private static final List<String> DATA_SOURCE_FIELDS = List.of("description", "type", "connectionDetails");
    private static final List<String> TARGET_FIELDS = List.of("description", "target");
    private static final List<String> CONDITION_FIELDS = List.of("description", "severity", "condition");
    private static final List<String> BURN_RATE_FIELDS = List.of("kind", "op", "threshold", "lookbackWindow", "alertAfter");
    private static final List<String> POLICY_FIELDS = List.of("description", "alertWhenNoData", "alertWhenBreaching", "alertWhenResolved",
            "conditions", "notificationTargets");
    private static final List<String> SLO_FIELDS = List.of("description", "service", "indicator", "indicatorRef", "budgetingMethod",
            "timeWindow", "objectives", "alertPolicies");
    private static final List<String> INDICATOR_FIELDS = List.of("metadata", "spec");
    private static final List<String> SLI_FIELDS = List.of("description", "thresholdMetric", "ratioMetric");
    private static final List<String> RATIO_FIELDS = List.of("counter", "good", "bad", "total", "rawType", "raw");
    private static final List<String> METRIC_FIELDS = List.of("metricSource");
    private static final List<String> METRIC_SOURCE_FIELDS = List.of("metricSourceRef", "type", "spec");
    private static final List<String> PROMETHEUS_FIELDS = List.of("query");
    private static final List<String> ANDON_FIELDS = List.of("check", "location", "push");
    private static final List<String> WINDOW_FIELDS = List.of("duration", "isRolling", "calendar");
    private static final List<String> CALENDAR_FIELDS = List.of("startTime", "timeZone");
    private static final List<String> OBJECTIVE_FIELDS = List.of("displayName", "op", "value", "target", "targetPercent", "timeSliceTarget",
            "timeSliceWindow");
    private static final Set<String> COMPOSITE_FIELDS = Set.of("indicator", "indicatorRef", "compositeWeight");
    private static final List<String> OPERATORS = List.of("lte", "gte", "lt", "gt");
    private static final Map<String, List<String>> ANNOTATIONS = Map.of(
            "SLO", List.of(OpenSlo.NO_DATA, OpenSlo.MIN_EVENTS, OpenSlo.NO_DATA_ALERT_AFTER),
            "AlertCondition", List.of(OpenSlo.SHORT_WINDOW));
    private static final Pattern START_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    private static final String ANDON = "Andon";

    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    private final List<Problem> notes = new ArrayList<>();
    private final Map<String, Map<String, OpenSloObject>> byKind = new HashMap<>();
    private final Map<String, Optional<Sli>> slis = new HashMap<>();
    private final Map<String, Optional<Condition>> conditions = new HashMap<>();
    private final Map<String, Optional<Condition>> policies = new HashMap<>();

    OpenSloReader(String file) {
        this.file = file;
    }

    /** One OpenSLO object, a document or an object inlined in another; {@code at} prefixes its fields' paths. */
    private record OpenSloObject(String kind, String name, String displayName, Node node, String at, Map<String, Node> annotations, Node spec) {}

    /** What an SLI reads; a thresholdMetric's check gets its latency threshold from the SLO's objective. */
    private record Sli(Indicator indicator, boolean threshold) {}

    /** One side of a ratio (good, bad or total), or the metric of a threshold SLI. */
    private record Source(boolean andon, String dataSource, String query, String check, String location, boolean push, Node node, String at) {
        boolean sameAs(Source other) {
            return andon == other.andon && Objects.equals(dataSource, other.dataSource) && Objects.equals(check, other.check)
                    && Objects.equals(location, other.location) && push == other.push;
        }
    }

    /** A burn-rate AlertCondition; the budget fraction follows from the SLO's period, so it is computed per SLO. */
    private record Condition(String severity, BigDecimal threshold, Duration lookback, Duration shortWindow, Node thresholdNode, String thresholdAt) {}

    Result read(String yaml) {
        List<OpenSloObject> documents = new ArrayList<>();
        for (Node document : compose(yaml)) {
            if (!isEmpty(document)) {
                OpenSloObject object = document(document);
                if (object != null) {
                    documents.add(object);
                }
            }
        }
        List<DataSource> dataSources = new ArrayList<>();
        Set<String> services = new LinkedHashSet<>();
        for (OpenSloObject object : documents) {
            switch (object.kind()) {
                case "Service" -> {
                    Map<String, Node> spec = fields("spec", object.spec(), SERVICE_FIELDS);
                    if (spec != null) {
                        optionalText(spec, "spec", "description");
                    }
                    services.add(object.name());
                }
                case "DataSource" -> {
                    DataSource dataSource = dataSource(object);
                    if (dataSource != null) {
                        dataSources.add(dataSource);
                    }
                }
                case "AlertNotificationTarget" -> target(object);
                case "AlertCondition" -> conditions.computeIfAbsent(object.name(), name -> Optional.ofNullable(condition(object)));
                case "AlertPolicy" -> policies.computeIfAbsent(object.name(), name -> Optional.ofNullable(policy(object)));
                case "SLI" -> slis.computeIfAbsent(object.name(), name -> Optional.ofNullable(sli(object.spec(), object.node(), "spec")));
                default -> { }
            }
        }
        List<Slo> slos = new ArrayList<>();
        for (OpenSloObject object : documents) {
            if (object.kind().equals("SLO")) {
                Slo slo = slo(object, services);
                if (slo != null) {
                    slos.add(slo);
                }
            }
        }
        // Documents are read by kind, SLOs last: put the problems back in the order of the file.
        Comparator<Problem> inFile = Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column);
        problems.sort(inFile);
        notes.sort(inFile);
        if (!problems.isEmpty()) {
            return new Result(List.of(), List.of(), List.of(), problems, notes);
        }
        return new Result(slos, dataSources, List.copyOf(services), List.of(), notes);
    }

    // ---- documents ----

    private List<Node> compose(String yaml) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setSchema(new CoreSchema()).build();
        List<Node> documents = new ArrayList<>();
        try {
            for (Node document : new Compose(settings).composeAllFromString(yaml)) {
                documents.add(document);
            }
        } catch (MarkedYamlEngineException exception) {
            Optional<Mark> mark = exception.getProblemMark().or(exception::getContextMark);
            problems.add(new Problem(file, mark.map(found -> found.getLine() + 1).orElse(1), mark.map(found -> found.getColumn() + 1).orElse(1), "",
                    "invalid YAML: " + exception.getProblem().strip() + ". Fix the syntax here: check indentation, quotes and brackets"));
        } catch (ReaderException exception) {
            String before = yaml.substring(0, Math.min(exception.getPosition(), yaml.length()));
            problems.add(new Problem(file, (int) before.chars().filter(character -> character == '\n').count() + 1, before.length() - before.lastIndexOf('\n'),
                    "", "invalid YAML: character " + String.format("U+%04X", exception.getCodePoint()) + " is not allowed: remove it"));
        } catch (YamlEngineException exception) {
            problems.add(new Problem(file, 1, 1, "", "invalid YAML: " + exception.getMessage()));
        }
        return documents;
    }

    private OpenSloObject document(Node document) {
        if (!(document instanceof MappingNode)) {
            problem(document, "", "a document must be a mapping with apiVersion, kind, metadata and spec");
            return null;
        }
        Map<String, Node> fields = fields("", document, DOCUMENT_FIELDS);
        Node apiVersion = fields.get("apiVersion");
        if (isEmpty(apiVersion)) {
            problem(document, "apiVersion", "is missing: add 'apiVersion: " + OpenSlo.API_VERSION + "'");
            return null;
        }
        String version = text("apiVersion", apiVersion);
        if (version != null && !version.equals(OpenSlo.API_VERSION)) {
            problem(apiVersion, "apiVersion", "'" + version + "' is not supported: Andon reads " + OpenSlo.API_VERSION);
            return null;
        }
        Node kindNode = fields.get("kind");
        if (isEmpty(kindNode)) {
            problem(document, "kind", "is missing: add 'kind:' with one of " + String.join(", ", KINDS));
            return null;
        }
        String kind = text("kind", kindNode);
        if (kind == null) {
            return null;
        }
        if (!KINDS.contains(kind)) {
            problem(kindNode, "kind", "'" + kind + "' is not an OpenSLO v1 kind: use one of " + String.join(", ", KINDS));
            return null;
        }
        OpenSloObject object = object(kind, "", document, fields, true);
        if (object == null || object.name() == null) {
            return null;
        }
        Map<String, OpenSloObject> named = byKind.computeIfAbsent(kind, key -> new LinkedHashMap<>());
        OpenSloObject first = named.putIfAbsent(object.name(), object);
        if (first != null) {
            problem(nameNode(document), "metadata.name", "there is already a " + kind + " named '" + object.name() + "' (line " + line(first.node())
                    + "): give each a different name");
            return null;
        }
        return object;
    }

    /** The metadata and spec of a document or inlined object; null when its metadata is unusable (reported). */
    private OpenSloObject object(String kind, String at, Node node, Map<String, Node> fields, boolean nameRequired) {
        Node metadata = fields.get("metadata");
        String name = null;
        String displayName = null;
        Map<String, Node> annotations = new LinkedHashMap<>();
        if (isEmpty(metadata)) {
            if (nameRequired) {
                problem(node, at(at, "metadata.name"), "is missing: add 'metadata:' with 'name: <name>'");
                return null;
            }
        } else {
            Map<String, Node> metadataFields = fields(at(at, "metadata"), metadata, METADATA_FIELDS);
            if (metadataFields == null) {
                return null;
            }
            Node nameNode = metadataFields.get("name");
            if (isEmpty(nameNode)) {
                if (nameRequired) {
                    problem(metadata, at(at, "metadata.name"), "is missing: add 'name: <name>' under metadata");
                    return null;
                }
            } else {
                name = slug(at(at, "metadata.name"), nameNode);
                if (name == null) {
                    return null;
                }
            }
            displayName = optionalText(metadataFields, at(at, "metadata"), "displayName");
            if (!isEmpty(metadataFields.get("labels")) && !(metadataFields.get("labels") instanceof MappingNode)) {
                problem(metadataFields.get("labels"), at(at, "metadata.labels"), "must be a mapping of label names to values");
            }
            annotations = annotations(kind, at(at, "metadata.annotations"), metadataFields.get("annotations"));
        }
        return new OpenSloObject(kind, name, displayName, node, at, annotations, fields.get("spec"));
    }

    /** The annotations Andon reads (andon.dev/...), checked for typos; other implementations' annotations are left alone. */
    private Map<String, Node> annotations(String kind, String at, Node node) {
        Map<String, Node> known = new LinkedHashMap<>();
        if (isEmpty(node)) {
            return known;
        }
        Map<String, Node> fields = fields(at, node, null);
        if (fields == null) {
            return known;
        }
        List<String> allowed = ANNOTATIONS.getOrDefault(kind, List.of());
        for (Map.Entry<String, Node> entry : fields.entrySet()) {
            String key = entry.getKey();
            if (!(entry.getValue() instanceof ScalarNode)) {
                problem(entry.getValue(), at + "." + key, "an annotation's value is text, not a " + shape(entry.getValue()));
            } else if (allowed.contains(key)) {
                known.put(key, entry.getValue());
            } else if (key.startsWith("andon.dev/")) {
                problem(keyNode(node, key), at + "." + key, "is not an Andon annotation on a " + kind
                        + (allowed.isEmpty() ? "" : ": use " + String.join(", ", allowed)));
            }
        }
        return known;
    }

    // ---- Service, DataSource, AlertNotificationTarget ----

    private DataSource dataSource(OpenSloObject object) {
        Map<String, Node> spec = spec(object, DATA_SOURCE_FIELDS);
        if (spec == null) {
            return null;
        }
        optionalText(spec, "spec", "description");
        String type = requiredText(spec, object.spec(), "spec", "type", "the kind of metrics store: Prometheus");
        if (type != null && !type.equalsIgnoreCase(DataSource.PROMETHEUS)) {
            problem(spec.get("type"), "spec.type", "'" + type + "' is not supported: Andon reads Prometheus data sources");
            type = null;
        }
        Node details = spec.get("connectionDetails");
        if (isEmpty(details)) {
            problem(object.spec(), "spec.connectionDetails", "is required: connectionDetails: {url: http://prometheus:9090}");
            return null;
        }
        Map<String, Node> detailFields = fields("spec.connectionDetails", details, null);
        if (detailFields == null) {
            return null;
        }
        for (Map.Entry<String, Node> entry : detailFields.entrySet()) {
            if (!entry.getKey().equals("url")) {
                note(keyNode(details, entry.getKey()), "spec.connectionDetails." + entry.getKey(),
                        "is not imported: Andon keeps only the url of a Prometheus data source");
            }
        }
        String url = requiredText(detailFields, details, "spec.connectionDetails", "url", "the Prometheus base URL, such as http://prometheus:9090");
        if (url != null && !httpUrl(url)) {
            problem(detailFields.get("url"), "spec.connectionDetails.url", "'" + url + "' is not an http(s) URL such as http://prometheus:9090");
            return null;
        }
        return type == null || url == null ? null : DataSource.prometheus(object.name(), url);
    }

    private static boolean httpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException exception) {
            return false;
        }
    }

    /** Checked only: Andon notifies about burn alerts as set up for the SLO's service. */
    private String target(OpenSloObject object) {
        Map<String, Node> spec = spec(object, TARGET_FIELDS);
        if (spec == null) {
            return null;
        }
        optionalText(spec, at(object.at(), "spec"), "description");
        return requiredText(spec, object.spec(), at(object.at(), "spec"), "target", "where notifications go, such as email or slack");
    }

    // ---- AlertCondition, AlertPolicy ----

    private Condition condition(OpenSloObject object) {
        String at = at(object.at(), "spec");
        Map<String, Node> spec = spec(object, CONDITION_FIELDS);
        if (spec == null) {
            return null;
        }
        optionalText(spec, at, "description");
        String severity = requiredText(spec, object.spec(), at, "severity", "page or ticket");
        if (severity != null && !severity.equals("page") && !severity.equals("ticket")) {
            problem(spec.get("severity"), at + ".severity", "'" + severity + "' is not an Andon severity: use page or ticket");
            severity = null;
        }
        Node conditionNode = spec.get("condition");
        if (isEmpty(conditionNode)) {
            problem(object.spec(), at + ".condition", "is required: {kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h}");
            return null;
        }
        String conditionAt = at + ".condition";
        Map<String, Node> condition = fields(conditionAt, conditionNode, BURN_RATE_FIELDS);
        if (condition == null) {
            return null;
        }
        String kind = optionalText(condition, conditionAt, "kind");
        if (kind != null && !kind.equals("burnrate")) {
            problem(condition.get("kind"), conditionAt + ".kind", "'" + kind + "' is not supported: Andon alerts on kind burnrate");
        }
        String op = optionalText(condition, conditionAt, "op");
        if (op != null && !op.equals("gte") && !op.equals("gt")) {
            problem(condition.get("op"), conditionAt + ".op", "'" + op + "' is not supported: a burn alert fires at or over its threshold, op: gte");
        }
        BigDecimal threshold = null;
        if (isEmpty(condition.get("threshold"))) {
            problem(conditionNode, conditionAt + ".threshold", "is required: the burn rate to alert at, such as 14.4");
        } else {
            threshold = number(conditionAt + ".threshold", condition.get("threshold"));
            if (threshold != null && threshold.signum() <= 0) {
                problem(condition.get("threshold"), conditionAt + ".threshold", "must be a burn rate above 0, such as 14.4");
                threshold = null;
            }
        }
        Duration lookback = null;
        if (isEmpty(condition.get("lookbackWindow"))) {
            problem(conditionNode, conditionAt + ".lookbackWindow", "is required: the long window, such as 1h");
        } else {
            lookback = fixedDuration(conditionAt + ".lookbackWindow", condition.get("lookbackWindow"), "the lookback window");
        }
        if (!isEmpty(condition.get("alertAfter"))) {
            Matcher matcher = duration(conditionAt + ".alertAfter", condition.get("alertAfter"), true);
            if (matcher != null && Long.parseLong(matcher.group(1)) > 0) {
                note(condition.get("alertAfter"), conditionAt + ".alertAfter",
                        "is not applied: Andon's burn alerts wait for the short window (" + OpenSlo.SHORT_WINDOW + ") instead");
            }
        }
        Duration shortWindow = lookback == null ? null : OpenSloUnits.defaultShortWindow(lookback);
        Node shortNode = object.annotations().get(OpenSlo.SHORT_WINDOW);
        String shortAt = at(object.at(), "metadata.annotations." + OpenSlo.SHORT_WINDOW);
        if (shortNode != null) {
            shortWindow = Durations.parse(((ScalarNode) shortNode).getValue());
            if (shortWindow == null || shortWindow.isZero()) {
                problem(shortNode, shortAt, "'" + ((ScalarNode) shortNode).getValue() + "' is not a duration such as 5m");
                return null;
            }
        }
        if (lookback != null && shortWindow.compareTo(lookback) >= 0) {
            problem(shortNode != null ? shortNode : condition.get("lookbackWindow"), shortNode != null ? shortAt : conditionAt + ".lookbackWindow",
                    "the short window (" + Durations.text(shortWindow) + ") must be shorter than the lookback window (" + Durations.text(lookback)
                            + "), usually 1/12 of it");
            return null;
        }
        if (severity == null || threshold == null || lookback == null) {
            return null;
        }
        return new Condition(severity, threshold, lookback, shortWindow, condition.get("threshold"), conditionAt + ".threshold");
    }

    /** An AlertPolicy's one condition; notification targets are checked but Andon notifies as set up for the service. */
    private Condition policy(OpenSloObject object) {
        String at = at(object.at(), "spec");
        Map<String, Node> spec = spec(object, POLICY_FIELDS);
        if (spec == null) {
            return null;
        }
        optionalText(spec, at, "description");
        for (String flag : List.of("alertWhenNoData", "alertWhenBreaching", "alertWhenResolved")) {
            bool(at + "." + flag, spec.get(flag));
        }
        List<Node> targets = list(at + ".notificationTargets", spec.get("notificationTargets"));
        for (int index = 0; index < targets.size(); index++) {
            inlineOrRef(targets.get(index), at + ".notificationTargets[" + index + "]", "targetRef", "AlertNotificationTarget", this::target);
        }
        Node conditionsNode = spec.get("conditions");
        List<Node> items = list(at + ".conditions", conditionsNode);
        if (!isEmpty(conditionsNode) && !(conditionsNode instanceof SequenceNode)) {
            return null;
        }
        if (items.size() != 1) {
            problem(items.size() > 1 ? items.get(1) : spec.getOrDefault("conditions", object.spec()), at + ".conditions" + (items.size() > 1 ? "[1]" : ""),
                    "an AlertPolicy has exactly one condition: " + (items.isEmpty() ? "add conditions: [{conditionRef: <name>}]"
                            : "make one AlertPolicy per condition"));
            return null;
        }
        return inlineOrRef(items.get(0), at + ".conditions[0]", "conditionRef", "AlertCondition", this::condition);
    }

    /**
     * A list item that is either {@code {<ref>: name}}, resolved among the documents of {@code kind}, or the
     * object inlined as {@code {kind, metadata, spec}}.
     */
    private <T> T inlineOrRef(Node item, String at, String ref, String kind, java.util.function.Function<OpenSloObject, T> read) {
        List<String> allowed = new ArrayList<>(INLINE_FIELDS);
        allowed.add(0, ref);
        Map<String, Node> fields = fields(at, item, allowed);
        if (fields == null) {
            return null;
        }
        if (fields.containsKey(ref)) {
            if (fields.size() > 1) {
                problem(item, at, "give either " + ref + " or the " + kind + " inline (kind, metadata, spec), not both");
                return null;
            }
            String name = slug(at + "." + ref, fields.get(ref));
            if (name == null || kind.equals("AlertNotificationTarget")) {
                // Targets may be defined where the alerts are delivered; Andon does not need them.
                return null;
            }
            OpenSloObject referenced = byKind.getOrDefault(kind, Map.of()).get(name);
            if (referenced == null) {
                problem(fields.get(ref), at + "." + ref, "names no " + kind + " in this file: add a " + kind + " document named '" + name + "'");
                return null;
            }
            return switch (kind) {
                case "AlertCondition" -> cast(conditions.computeIfAbsent(name, key -> Optional.ofNullable(condition(referenced))).orElse(null));
                case "AlertPolicy" -> cast(policies.computeIfAbsent(name, key -> Optional.ofNullable(policy(referenced))).orElse(null));
                default -> null;
            };
        }
        Node kindNode = fields.get("kind");
        if (isEmpty(kindNode)) {
            problem(item, at + "." + ref, "is required: name a " + kind + " document, or inline one with kind: " + kind + ", metadata and spec");
            return null;
        }
        String written = text(at + ".kind", kindNode);
        if (written != null && !written.equals(kind)) {
            problem(kindNode, at + ".kind", "'" + written + "' cannot be inlined here: use kind: " + kind);
            return null;
        }
        OpenSloObject object = object(kind, at, item, fields, false);
        return object == null ? null : read.apply(object);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    // ---- SLI ----

    private Sli sli(Node specNode, Node owner, String at) {
        if (isEmpty(specNode)) {
            problem(owner, at, "is required: an SLI's spec with ratioMetric or thresholdMetric");
            return null;
        }
        Map<String, Node> spec = fields(at, specNode, SLI_FIELDS);
        if (spec == null) {
            return null;
        }
        optionalText(spec, at, "description");
        Node ratio = spec.get("ratioMetric");
        Node threshold = spec.get("thresholdMetric");
        if (isEmpty(ratio) == isEmpty(threshold)) {
            problem(isEmpty(ratio) ? specNode : threshold, isEmpty(ratio) ? at + ".ratioMetric" : at + ".thresholdMetric",
                    isEmpty(ratio) ? "is required: give ratioMetric (good or bad, and total) or thresholdMetric"
                            : "give ratioMetric or thresholdMetric, not both");
            return null;
        }
        return isEmpty(ratio) ? thresholdMetric(at + ".thresholdMetric", threshold) : ratioMetric(at + ".ratioMetric", ratio);
    }

    private Sli ratioMetric(String at, Node node) {
        Map<String, Node> fields = fields(at, node, RATIO_FIELDS);
        if (fields == null) {
            return null;
        }
        for (String raw : List.of("raw", "rawType")) {
            if (fields.containsKey(raw)) {
                problem(keyNode(node, raw), at + "." + raw, "precomputed ratios are not supported: give good (or bad) and total counters");
                return null;
            }
        }
        Boolean counter = bool(at + ".counter", fields.get("counter"));
        if (Boolean.FALSE.equals(counter)) {
            problem(fields.get("counter"), at + ".counter", "must be true: Andon reads good, bad and total as counters");
        }
        Node good = fields.get("good");
        Node bad = fields.get("bad");
        if (isEmpty(good) == isEmpty(bad)) {
            problem(isEmpty(good) ? node : bad, at + (isEmpty(good) ? ".good" : ".bad"),
                    isEmpty(good) ? "is required: give good (or bad) and total" : "give good or bad, not both");
            return null;
        }
        if (isEmpty(fields.get("total"))) {
            problem(node, at + ".total", "is required: the counter of all events");
            return null;
        }
        String numeratorAt = at + (isEmpty(good) ? ".bad" : ".good");
        Source numerator = metric(numeratorAt, isEmpty(good) ? bad : good);
        Source total = metric(at + ".total", fields.get("total"));
        if (numerator == null || total == null || Boolean.FALSE.equals(counter)) {
            return null;
        }
        if (numerator.andon() != total.andon() || (numerator.andon() ? !numerator.sameAs(total) : !numerator.dataSource().equals(total.dataSource()))) {
            problem(total.node(), total.at(), numerator.andon() || total.andon()
                    ? "must read the same Andon check (or push counts) as " + numeratorAt.substring(numeratorAt.lastIndexOf('.') + 1)
                    : "must read from the same DataSource as " + numeratorAt.substring(numeratorAt.lastIndexOf('.') + 1)
                            + " ('" + numerator.dataSource() + "')");
            return null;
        }
        if (numerator.andon()) {
            return new Sli(numerator.push() ? Indicator.push() : Indicator.check(numerator.check(), numerator.location(), null), false);
        }
        boolean isGood = !isEmpty(good);
        return new Sli(Indicator.prometheus(numerator.dataSource(), isGood ? numerator.query() : null, isGood ? null : numerator.query(), total.query()), false);
    }

    private Sli thresholdMetric(String at, Node node) {
        Source source = metric(at, node);
        if (source == null) {
            return null;
        }
        if (!source.andon() || source.push()) {
            problem(source.node(), source.at(), "Andon reads a thresholdMetric only from a check's response times (type: Andon, spec: {check: <check>});"
                    + " give Prometheus and pushed counts as a ratioMetric");
            return null;
        }
        return new Sli(Indicator.check(source.check(), source.location(), null), true);
    }

    private Source metric(String at, Node node) {
        Map<String, Node> fields = fields(at, node, METRIC_FIELDS);
        if (fields == null) {
            return null;
        }
        Node sourceNode = fields.get("metricSource");
        String sourceAt = at + ".metricSource";
        if (isEmpty(sourceNode)) {
            problem(node, sourceAt, "is required: {type: Prometheus, metricSourceRef: <DataSource>, spec: {query: ...}} or {type: Andon, spec: {check: <check>}}");
            return null;
        }
        Map<String, Node> source = fields(sourceAt, sourceNode, METRIC_SOURCE_FIELDS);
        if (source == null) {
            return null;
        }
        String ref = isEmpty(source.get("metricSourceRef")) ? null : slug(sourceAt + ".metricSourceRef", source.get("metricSourceRef"));
        String type = optionalText(source, sourceAt, "type");
        if (type == null && ref != null) {
            // The type may come from the DataSource named; the only DataSources Andon reads are Prometheus.
            type = DataSource.PROMETHEUS;
        }
        if (type == null) {
            problem(sourceNode, sourceAt + ".type", "is required: Prometheus (with metricSourceRef) or Andon");
            return null;
        }
        Node specNode = source.get("spec");
        String specAt = sourceAt + ".spec";
        if (isEmpty(specNode)) {
            problem(sourceNode, specAt, "is required: " + (type.equalsIgnoreCase(ANDON) ? "{check: <check>} or {push: true}" : "{query: <PromQL>}"));
            return null;
        }
        if (type.equalsIgnoreCase(DataSource.PROMETHEUS)) {
            if (ref == null) {
                if (isEmpty(source.get("metricSourceRef"))) {
                    problem(sourceNode, sourceAt + ".metricSourceRef", "is required: the name of the Prometheus DataSource to query");
                }
                return null;
            }
            Map<String, Node> spec = fields(specAt, specNode, PROMETHEUS_FIELDS);
            String query = spec == null ? null : requiredText(spec, specNode, specAt, "query", "the PromQL counter to read");
            return query == null ? null : new Source(false, ref, query, null, null, false, sourceNode, sourceAt);
        }
        if (type.equalsIgnoreCase(ANDON)) {
            if (source.containsKey("metricSourceRef")) {
                problem(source.get("metricSourceRef"), sourceAt + ".metricSourceRef", "type Andon reads Andon's own results: remove metricSourceRef");
                return null;
            }
            Map<String, Node> spec = fields(specAt, specNode, ANDON_FIELDS);
            if (spec == null) {
                return null;
            }
            Boolean push = bool(specAt + ".push", spec.get("push"));
            if (Boolean.TRUE.equals(push)) {
                if (spec.containsKey("check") || spec.containsKey("location")) {
                    problem(specNode, specAt, "give check (and location) or push: true, not both");
                    return null;
                }
                return new Source(true, null, null, null, null, true, sourceNode, sourceAt);
            }
            if (Boolean.FALSE.equals(push)) {
                problem(spec.get("push"), specAt + ".push", "is true or left out: push: true counts what the service posts");
                return null;
            }
            if (isEmpty(spec.get("check"))) {
                problem(specNode, specAt + ".check", "is required: the name of the check whose results count (or push: true)");
                return null;
            }
            String check = slug(specAt + ".check", spec.get("check"));
            String location = optionalText(spec, specAt, "location");
            if (location != null && location.isBlank()) {
                problem(spec.get("location"), specAt + ".location", "is a probe location's name, or left out for the check's verdict across locations");
                return null;
            }
            return check == null ? null : new Source(true, null, null, check, location, false, sourceNode, sourceAt);
        }
        problem(isEmpty(source.get("type")) ? sourceNode : source.get("type"), sourceAt + ".type",
                "'" + type + "' is not supported: use Prometheus (with a DataSource) or Andon (checks and pushed counts)");
        return null;
    }

    // ---- SLO ----

    private Slo slo(OpenSloObject object, Set<String> services) {
        int before = problems.size();
        Map<String, Node> spec = spec(object, SLO_FIELDS);
        if (spec == null) {
            return null;
        }
        String description = optionalText(spec, "spec", "description");
        String service = null;
        if (isEmpty(spec.get("service"))) {
            problem(object.spec(), "spec.service", "is required: the name of the service this SLO is about");
        } else {
            service = slug("spec.service", spec.get("service"));
            if (service != null) {
                services.add(service);
            }
        }
        Sli sli = indicator(object, spec);
        BudgetingMethod method = budgetingMethod(object, spec);
        TimeWindow window = timeWindow(object, spec);
        Objective objective = objective(object, spec, sli, method);
        List<BurnAlert> alerts = alerts(spec, window);
        NoDataPolicy noData = NoDataPolicy.EXCLUDED;
        Node noDataNode = object.annotations().get(OpenSlo.NO_DATA);
        if (noDataNode != null) {
            noData = NoDataPolicy.parse(((ScalarNode) noDataNode).getValue());
            if (noData == null) {
                problem(noDataNode, "metadata.annotations." + OpenSlo.NO_DATA, "'" + ((ScalarNode) noDataNode).getValue() + "' is not good, bad or excluded");
            }
        }
        long minEvents = 0;
        Node minEventsNode = object.annotations().get(OpenSlo.MIN_EVENTS);
        if (minEventsNode != null) {
            try {
                minEvents = Long.parseLong(((ScalarNode) minEventsNode).getValue().strip());
            } catch (NumberFormatException exception) {
                minEvents = -1;
            }
            if (minEvents < 0) {
                problem(minEventsNode, "metadata.annotations." + OpenSlo.MIN_EVENTS, "'" + ((ScalarNode) minEventsNode).getValue()
                        + "' is not a whole number of events, 0 or more");
            }
        }
        Duration noDataAlertAfter = null;
        Node afterNode = object.annotations().get(OpenSlo.NO_DATA_ALERT_AFTER);
        if (afterNode != null) {
            noDataAlertAfter = Durations.parse(((ScalarNode) afterNode).getValue());
            if (noDataAlertAfter == null || noDataAlertAfter.isZero()) {
                problem(afterNode, "metadata.annotations." + OpenSlo.NO_DATA_ALERT_AFTER, "'" + ((ScalarNode) afterNode).getValue()
                        + "' is not a duration such as 30m");
            }
        }
        if (problems.size() > before || service == null || sli == null || method == null || window == null || objective == null) {
            return null;
        }
        String displayName = object.displayName();
        Indicator indicator = sli.threshold() ? Indicator.check(sli.indicator().check(), sli.indicator().location(), objective.latencyMs())
                : sli.indicator();
        try {
            return new Slo(object.name(), displayName == null ? object.name() : displayName, description == null ? "" : description, service, indicator,
                    objective.target(), window, method, objective.sliceWindow(), objective.sliceTarget(), noData, minEvents, noDataAlertAfter, alerts);
        } catch (IllegalArgumentException exception) {
            problem(object.spec(), "spec", exception.getMessage());
            return null;
        }
    }

    private Sli indicator(OpenSloObject object, Map<String, Node> spec) {
        Node inline = spec.get("indicator");
        Node ref = spec.get("indicatorRef");
        if (!isEmpty(inline) && !isEmpty(ref)) {
            problem(ref, "spec.indicatorRef", "give indicator (inline) or indicatorRef, not both");
            return null;
        }
        if (isEmpty(inline) && isEmpty(ref)) {
            problem(object.spec(), "spec.indicator", "is required: give indicator (an inline SLI) or indicatorRef (the name of an SLI document)");
            return null;
        }
        if (!isEmpty(ref)) {
            String name = slug("spec.indicatorRef", ref);
            if (name == null) {
                return null;
            }
            if (!slis.containsKey(name)) {
                problem(ref, "spec.indicatorRef", "names no SLI in this file: add an SLI document named '" + name + "' or inline the indicator");
                return null;
            }
            return slis.get(name).orElse(null);
        }
        Map<String, Node> fields = fields("spec.indicator", inline, INDICATOR_FIELDS);
        if (fields == null) {
            return null;
        }
        OpenSloObject sli = object("SLI", "spec.indicator", inline, fields, false);
        return sli == null ? null : sli(sli.spec(), inline, "spec.indicator.spec");
    }

    private BudgetingMethod budgetingMethod(OpenSloObject object, Map<String, Node> spec) {
        if (isEmpty(spec.get("budgetingMethod"))) {
            problem(object.spec(), "spec.budgetingMethod", "is required: Occurrences, Timeslices or RatioTimeslices");
            return null;
        }
        String text = text("spec.budgetingMethod", spec.get("budgetingMethod"));
        if (text == null) {
            return null;
        }
        for (BudgetingMethod method : BudgetingMethod.values()) {
            if (method.openSlo().equals(text)) {
                return method;
            }
        }
        BudgetingMethod close = BudgetingMethod.parse(text);
        problem(spec.get("budgetingMethod"), "spec.budgetingMethod", "'" + text + "' is not one of Occurrences, Timeslices, RatioTimeslices"
                + (close == null ? "" : ": did you mean '" + close.openSlo() + "'?"));
        return null;
    }

    private TimeWindow timeWindow(OpenSloObject object, Map<String, Node> spec) {
        Node node = spec.get("timeWindow");
        if (isEmpty(node)) {
            problem(object.spec(), "spec.timeWindow", "is required: [{duration: 28d, isRolling: true}] or [{duration: 1M, isRolling: false, calendar: "
                    + "{startTime: \"2025-01-01 00:00:00\", timeZone: UTC}}]");
            return null;
        }
        List<Node> items = list("spec.timeWindow", node);
        if (items.size() != 1) {
            if (node instanceof SequenceNode) {
                problem(items.isEmpty() ? node : items.get(1), "spec.timeWindow" + (items.isEmpty() ? "" : "[1]"),
                        "timeWindow has exactly one entry: a rolling or a calendar window");
            }
            return null;
        }
        String at = "spec.timeWindow[0]";
        Node item = items.get(0);
        Map<String, Node> fields = fields(at, item, WINDOW_FIELDS);
        if (fields == null) {
            return null;
        }
        Matcher duration = null;
        if (isEmpty(fields.get("duration"))) {
            problem(item, at + ".duration", "is required: such as 28d (rolling) or 1M (calendar)");
        } else {
            duration = duration(at + ".duration", fields.get("duration"), false);
        }
        Boolean rolling = bool(at + ".isRolling", fields.get("isRolling"));
        Node calendar = fields.get("calendar");
        if (Boolean.TRUE.equals(rolling) && !isEmpty(calendar)) {
            problem(calendar, at + ".calendar", "is only for calendar windows: set isRolling: false, or remove calendar for a rolling window");
            return null;
        }
        if (!Boolean.TRUE.equals(rolling) && isEmpty(calendar)) {
            if (rolling == null && isEmpty(fields.get("isRolling"))) {
                problem(item, at + ".isRolling", "is required: isRolling: true for a rolling window, or isRolling: false with calendar {startTime, timeZone}");
            } else if (rolling != null) {
                problem(item, at + ".calendar", "is required when isRolling is false: calendar: {startTime: \"2025-01-01 00:00:00\", timeZone: UTC}");
            }
            return null;
        }
        if (duration == null) {
            return null;
        }
        long amount = Long.parseLong(duration.group(1));
        String unit = duration.group(2);
        if (Boolean.TRUE.equals(rolling)) {
            Duration length = OpenSloUnits.fixed(amount, unit);
            if (length == null) {
                problem(fields.get("duration"), at + ".duration", "a rolling window is counted in m, h, d or w, such as 28d or 30d;"
                        + " months, quarters and years are calendar windows (isRolling: false)");
                return null;
            }
            if (length.compareTo(Duration.ofMinutes(5)) < 0 || length.compareTo(Duration.ofDays(400)) > 0) {
                problem(fields.get("duration"), at + ".duration", "'" + duration.group() + "' is not from 5m to 400d");
                return null;
            }
            return new TimeWindow.Rolling(length);
        }
        ChronoUnit chronoUnit = switch (unit) {
            case "d" -> ChronoUnit.DAYS;
            case "w" -> ChronoUnit.WEEKS;
            case "M", "Q" -> ChronoUnit.MONTHS;
            case "Y" -> ChronoUnit.YEARS;
            default -> null;
        };
        if (chronoUnit == null) {
            problem(fields.get("duration"), at + ".duration", "a calendar window is counted in d, w, M, Q or Y, such as 1M");
        }
        LocalDateTime start = null;
        ZoneId zone = null;
        Map<String, Node> calendarFields = fields(at + ".calendar", calendar, CALENDAR_FIELDS);
        if (calendarFields != null) {
            start = startTime(at + ".calendar", calendar, calendarFields.get("startTime"));
            zone = timeZone(at + ".calendar", calendar, calendarFields.get("timeZone"));
        }
        if (chronoUnit == null || start == null || zone == null) {
            return null;
        }
        if (amount < 1 || amount > 1000) {
            problem(fields.get("duration"), at + ".duration", "'" + duration.group() + "' is not from 1 to 1000 units");
            return null;
        }
        return new TimeWindow.Calendar((int) amount * (unit.equals("Q") ? 3 : 1), chronoUnit, start, zone);
    }

    private LocalDateTime startTime(String at, Node calendar, Node node) {
        if (isEmpty(node)) {
            problem(calendar, at + ".startTime", "is required: the local start of the first period, quoted: startTime: \"2025-01-01 00:00:00\"");
            return null;
        }
        String text = text(at + ".startTime", node);
        if (text == null) {
            return null;
        }
        if (((ScalarNode) node).getScalarStyle() == ScalarStyle.PLAIN) {
            problem(node, at + ".startTime", "quote it: startTime: \"" + text + "\". Unquoted, YAML reads a date and time as a timestamp,"
                    + " while OpenSLO wants the text \"YYYY-MM-DD HH:MM:SS\"");
            return null;
        }
        if (START_TIME.matcher(text).matches()) {
            try {
                return LocalDateTime.parse(text, OpenSloUnits.START_TIME);
            } catch (DateTimeException exception) {
                // Reported below, as any other text that is not such a time.
            }
        }
        problem(node, at + ".startTime", "'" + text + "' is not a local date and time \"YYYY-MM-DD HH:MM:SS\", such as \"2025-01-01 00:00:00\"");
        return null;
    }

    private ZoneId timeZone(String at, Node calendar, Node node) {
        if (isEmpty(node)) {
            problem(calendar, at + ".timeZone", "is required: an IANA time zone such as Europe/Berlin or UTC");
            return null;
        }
        String text = text(at + ".timeZone", node);
        if (text == null) {
            return null;
        }
        try {
            ZoneId zone = ZoneId.of(text);
            if (!(zone instanceof ZoneOffset) && !text.startsWith("+") && !text.startsWith("-")) {
                return zone;
            }
        } catch (DateTimeException exception) {
            // Reported below.
        }
        problem(node, at + ".timeZone", "'" + text + "' is not an IANA time zone such as Europe/Berlin or UTC");
        return null;
    }

    /** The one objective, read into what Andon keeps. */
    private record Objective(double target, Integer latencyMs, Duration sliceWindow, Double sliceTarget) {}

    private Objective objective(OpenSloObject object, Map<String, Node> spec, Sli sli, BudgetingMethod method) {
        Node node = spec.get("objectives");
        if (isEmpty(node)) {
            problem(object.spec(), "spec.objectives", "is required: [{target: 0.999}]");
            return null;
        }
        List<Node> items = list("spec.objectives", node);
        if (items.size() != 1) {
            if (node instanceof SequenceNode) {
                problem(items.isEmpty() ? node : items.get(1), "spec.objectives" + (items.isEmpty() ? "" : "[1]"),
                        items.isEmpty() ? "needs one objective, such as {target: 0.999}" : "Andon keeps one objective per SLO: make one SLO per objective");
            }
            return null;
        }
        String at = "spec.objectives[0]";
        Node item = items.get(0);
        if (item instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && COMPOSITE_FIELDS.contains(key.getValue())) {
                    problem(key, at + "." + key.getValue(), "composite SLOs are not supported: give the indicator on the SLO's spec");
                }
            }
        }
        List<String> allowed = new ArrayList<>(OBJECTIVE_FIELDS);
        allowed.addAll(COMPOSITE_FIELDS);
        Map<String, Node> fields = fields(at, item, allowed);
        if (fields == null) {
            return null;
        }
        optionalText(fields, at, "displayName");
        Double target = target(at, item, fields);
        Node op = fields.get("op");
        Node value = fields.get("value");
        String operator = optionalText(fields, at, "op");
        if (operator != null && !OPERATORS.contains(operator)) {
            problem(op, at + ".op", "'" + operator + "' is not one of lte, gte, lt, gt");
            operator = null;
        }
        Integer latencyMs = null;
        if (sli != null && !sli.threshold()) {
            if (!isEmpty(op)) {
                problem(op, at + ".op", "is only for a thresholdMetric SLI: remove it, a ratioMetric's objective has only a target");
            }
            if (!isEmpty(value)) {
                problem(value, at + ".value", "is only for a thresholdMetric SLI: remove it, a ratioMetric's objective has only a target");
            }
        } else if (sli != null) {
            if (isEmpty(op)) {
                problem(item, at + ".op", "is required for a thresholdMetric SLI: op: lte (a result is good at or under value)");
            } else if (operator != null && !operator.equals("lte")) {
                problem(op, at + ".op", "'" + operator + "' is not supported: Andon counts a result good when its response time is at or under value: op: lte");
            }
            if (isEmpty(value)) {
                problem(item, at + ".value", "is required for a thresholdMetric SLI: the latency threshold in milliseconds, such as 300");
            } else {
                BigDecimal ms = number(at + ".value", value);
                if (ms != null) {
                    try {
                        latencyMs = ms.intValueExact();
                    } catch (ArithmeticException exception) {
                        latencyMs = -1;
                    }
                    if (latencyMs <= 0) {
                        problem(value, at + ".value", "'" + ms.toPlainString() + "' is not a whole, positive number of milliseconds, such as 300");
                    }
                }
            }
        }
        Double sliceTarget = null;
        if (!isEmpty(fields.get("timeSliceTarget"))) {
            BigDecimal number = number(at + ".timeSliceTarget", fields.get("timeSliceTarget"));
            if (number != null && !(number.signum() > 0 && number.compareTo(BigDecimal.ONE) <= 0)) {
                problem(fields.get("timeSliceTarget"), at + ".timeSliceTarget", "'" + number.toPlainString() + "' is not in (0, 1]: the ratio a slice needs to be good");
            } else if (number != null) {
                sliceTarget = number.doubleValue();
            }
        }
        Duration sliceWindow = null;
        if (!isEmpty(fields.get("timeSliceWindow"))) {
            Node windowNode = fields.get("timeSliceWindow");
            if (windowNode instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())) {
                // A bare number is minutes.
                BigDecimal minutes = number(at + ".timeSliceWindow", windowNode);
                if (minutes != null && minutes.signum() > 0 && minutes.compareTo(BigDecimal.valueOf(1_000_000)) < 0) {
                    sliceWindow = Duration.ofMinutes(minutes.longValue());
                } else if (minutes != null) {
                    problem(windowNode, at + ".timeSliceWindow", "'" + scalar.getValue() + "' is not a positive number of minutes");
                }
            } else {
                sliceWindow = fixedDuration(at + ".timeSliceWindow", windowNode, "a time slice");
            }
        }
        if (method != null && method.sliced()) {
            if (isEmpty(fields.get("timeSliceWindow"))) {
                problem(item, at + ".timeSliceWindow", "is required for " + method.openSlo() + ": the length of a slice, such as 5m");
            }
            if (method == BudgetingMethod.TIMESLICES && isEmpty(fields.get("timeSliceTarget"))) {
                problem(item, at + ".timeSliceTarget", "is required for Timeslices: the ratio a slice needs to be good, such as 0.95");
            }
        } else if (method != null) {
            for (String slice : List.of("timeSliceTarget", "timeSliceWindow")) {
                if (!isEmpty(fields.get(slice))) {
                    problem(fields.get(slice), at + "." + slice, "is only for Timeslices and RatioTimeslices: remove it for Occurrences");
                }
            }
        }
        return target == null ? null : new Objective(target, latencyMs, sliceWindow, sliceTarget);
    }

    private Double target(String at, Node item, Map<String, Node> fields) {
        Node target = fields.get("target");
        Node percent = fields.get("targetPercent");
        if (!isEmpty(target) && !isEmpty(percent)) {
            problem(percent, at + ".targetPercent", "give target or targetPercent, not both");
            return null;
        }
        if (isEmpty(target) && isEmpty(percent)) {
            problem(item, at + ".target", "is required: target in [0, 1) such as 0.999, or targetPercent in [0, 100) such as 99.9");
            return null;
        }
        if (!isEmpty(target)) {
            BigDecimal number = number(at + ".target", target);
            if (number != null && !(number.signum() >= 0 && number.compareTo(BigDecimal.ONE) < 0)) {
                problem(target, at + ".target", "'" + number.toPlainString() + "' is not in [0, 1): write 99.9% as 0.999, or use targetPercent");
                return null;
            }
            return number == null ? null : number.doubleValue();
        }
        BigDecimal number = number(at + ".targetPercent", percent);
        if (number != null && !(number.signum() >= 0 && number.compareTo(BigDecimal.valueOf(100)) < 0)) {
            problem(percent, at + ".targetPercent", "'" + number.toPlainString() + "' is not in [0, 100)");
            return null;
        }
        return number == null ? null : number.movePointLeft(2).doubleValue();
    }

    /** No alertPolicies: Andon's defaults (null); an empty list: no burn alerts. */
    private List<BurnAlert> alerts(Map<String, Node> spec, TimeWindow window) {
        Node node = spec.get("alertPolicies");
        if (node == null || (isEmpty(node))) {
            return null;
        }
        List<Node> items = list("spec.alertPolicies", node);
        List<BurnAlert> alerts = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            Condition condition = inlineOrRef(items.get(index), "spec.alertPolicies[" + index + "]", "alertPolicyRef", "AlertPolicy", this::policy);
            if (condition == null || window == null) {
                continue;
            }
            Duration period = OpenSloUnits.nominalPeriod(window);
            double fraction = OpenSloUnits.fraction(condition.threshold(), period, condition.lookback());
            if (!(fraction > 0 && fraction <= 1)) {
                BigDecimal most = OpenSloUnits.threshold(1, period, condition.lookback());
                problem(condition.thresholdNode(), condition.thresholdAt(), "a burn rate of " + condition.threshold().toPlainString() + " over "
                        + Durations.text(condition.lookback()) + " would spend more than the whole budget of a " + window.durationText()
                        + " window: at most " + most.toPlainString());
                continue;
            }
            alerts.add(new BurnAlert(condition.severity(), fraction, condition.lookback(), condition.shortWindow()));
        }
        return alerts;
    }

    // ---- node helpers ----

    private Map<String, Node> spec(OpenSloObject object, List<String> allowed) {
        String at = at(object.at(), "spec");
        if (isEmpty(object.spec())) {
            problem(object.node(), at, "is required: the " + object.kind() + "'s fields");
            return null;
        }
        return fields(at, object.spec(), allowed);
    }

    /**
     * The fields of a mapping by name; null (reported) when the node is not a mapping. Names outside
     * {@code allowed} are reported, unless {@code allowed} is null (free-form mappings).
     */
    private Map<String, Node> fields(String at, Node node, List<String> allowed) {
        if (isEmpty(node)) {
            return new LinkedHashMap<>();
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(node, at, "must be a mapping of fields (name: value), not " + describe(node));
            return null;
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        Map<String, Node> keys = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problem(tuple.getKeyNode(), at, "a field name must be plain text, not a " + shape(tuple.getKeyNode()));
                continue;
            }
            String name = key.getValue();
            if (keys.containsKey(name)) {
                problem(key, at(at, name), "is given twice (first at line " + line(keys.get(name)) + "): keep only one");
            } else if (allowed != null && !allowed.contains(name)) {
                String suggestion = allowed.stream().filter(name::equalsIgnoreCase).findFirst().map(match -> "did you mean '" + match + "'? ").orElse("");
                problem(key, at(at, name), "is not a field here: " + suggestion + "allowed fields are " + String.join(", ", allowed));
            } else {
                keys.put(name, key);
                fields.put(name, tuple.getValueNode());
            }
        }
        return fields;
    }

    private Map<String, Node> fieldsOf(Node node) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                fields.putIfAbsent(key.getValue(), tuple.getValueNode());
            }
        }
        return fields;
    }

    private Node nameNode(Node document) {
        Node metadata = fieldsOf(document).get("metadata");
        return metadata instanceof MappingNode ? fieldsOf(metadata).getOrDefault("name", metadata) : document;
    }

    private static Node keyNode(Node mapping, String name) {
        for (NodeTuple tuple : ((MappingNode) mapping).getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(name)) {
                return key;
            }
        }
        return mapping;
    }

    private List<Node> list(String at, Node node) {
        if (isEmpty(node)) {
            return List.of();
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        problem(node, at, "must be a list (one '- item' per line, or [a, b]), not " + describe(node));
        return List.of();
    }

    private String text(String at, Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        problem(node, at, "must be a text value, not a " + shape(node));
        return null;
    }

    private String optionalText(Map<String, Node> fields, String at, String field) {
        Node node = fields.get(field);
        return isEmpty(node) ? null : text(at(at, field), node);
    }

    private String requiredText(Map<String, Node> fields, Node owner, String at, String field, String expectation) {
        Node node = fields.get(field);
        if (isEmpty(node) || (node instanceof ScalarNode scalar && scalar.getValue().isBlank())) {
            problem(isEmpty(node) ? owner : node, at(at, field), "is required: " + expectation);
            return null;
        }
        return text(at(at, field), node);
    }

    private String slug(String at, Node node) {
        String value = text(at, node);
        if (value == null) {
            return null;
        }
        String problem = Slug.problem(value);
        if (problem != null) {
            problem(node, at, problem);
            return null;
        }
        return value;
    }

    private Boolean bool(String at, Node node) {
        if (isEmpty(node)) {
            return null;
        }
        if (node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
            return Boolean.parseBoolean(scalar.getValue().toLowerCase(java.util.Locale.ROOT));
        }
        problem(node, at, "must be true or false, not " + describe(node));
        return null;
    }

    private BigDecimal number(String at, Node node) {
        if (node instanceof ScalarNode scalar && (Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag()))) {
            try {
                return new BigDecimal(scalar.getValue().startsWith("+") ? scalar.getValue().substring(1) : scalar.getValue());
            } catch (NumberFormatException exception) {
                // .inf, .nan, 0x10: not numbers a person means here.
            }
        }
        problem(node, at, "must be a number, not " + describe(node) + (node instanceof ScalarNode scalar && scalar.getScalarStyle() != ScalarStyle.PLAIN
                ? ": remove the quotes" : ""));
        return null;
    }

    /** An OpenSLO duration shorthand; {@code zero} allows 0m (alertAfter's default). */
    private Matcher duration(String at, Node node, boolean zero) {
        String text = text(at, node);
        if (text == null) {
            return null;
        }
        Matcher matcher = OpenSloUnits.DURATION.matcher(text);
        if (!matcher.matches() || (!zero && Long.parseLong(matcher.group(1)) == 0)) {
            problem(node, at, "'" + text + "' is not a duration: a positive whole number and a unit m, h, d, w, M, Q or Y, such as 28d");
            return null;
        }
        return matcher;
    }

    /** A duration of fixed length (m, h, d or w). */
    private Duration fixedDuration(String at, Node node, String what) {
        Matcher matcher = duration(at, node, false);
        if (matcher == null) {
            return null;
        }
        Duration duration = OpenSloUnits.fixed(Long.parseLong(matcher.group(1)), matcher.group(2));
        if (duration == null) {
            problem(node, at, what + " is counted in m, h, d or w, not '" + matcher.group() + "'");
        }
        return duration;
    }

    private void problem(Node node, String field, String message) {
        problems.add(at(node, field, message));
    }

    private void note(Node node, String field, String message) {
        notes.add(at(node, field, message));
    }

    private Problem at(Node node, String field, String message) {
        Mark mark = node.getStartMark().orElseThrow();
        return new Problem(file, mark.getLine() + 1, mark.getColumn() + 1, field, message);
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    private static String at(String prefix, String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    private static boolean isEmpty(Node node) {
        return node == null || (node instanceof ScalarNode && Tag.NULL.equals(node.getTag()));
    }

    private static String shape(Node node) {
        return node instanceof MappingNode ? "mapping" : node instanceof SequenceNode ? "list" : "value";
    }

    private static String describe(Node node) {
        return node instanceof ScalarNode scalar ? "'" + scalar.getValue() + "'" : "a " + shape(node);
    }
}
