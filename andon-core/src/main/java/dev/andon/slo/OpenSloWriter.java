package dev.andon.slo;

import dev.andon.slo.OpenSlo.DataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Writes SLOs as OpenSLO v1 documents. Burn alerts become shared AlertPolicy and AlertCondition
 * documents: SLOs whose alerts come to the same condition (the same severity, burn-rate threshold,
 * lookback and short window) name the same documents, so a file of SLOs with the default alerts over
 * 28 days holds three conditions, not three per SLO.
 */
final class OpenSloWriter {
    /** The AlertNotificationTarget every written AlertPolicy names: Andon itself. */
    static final String TARGET = "andon";

    private OpenSloWriter() {}

    /** Text dumped double-quoted, whatever it looks like: calendar.startTime. */
    private record Quoted(String text) {}

    /** A burn alert as an OpenSLO condition: equal keys share documents. */
    private record ConditionKey(String severity, BigDecimal threshold, Duration lookback, Duration shortWindow) {}

    static String write(List<Slo> slos, List<DataSource> dataSources) {
        List<Object> documents = new ArrayList<>();
        Set<String> services = new LinkedHashSet<>();
        slos.forEach(slo -> services.add(slo.service()));
        for (String service : services) {
            documents.add(document("Service", metadata(service, null), new LinkedHashMap<>()));
        }
        for (DataSource dataSource : dataSources) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("type", dataSource.type());
            spec.put("connectionDetails", map("url", dataSource.url()));
            documents.add(document("DataSource", metadata(dataSource.name(), null), spec));
        }
        Map<ConditionKey, String> conditionNames = new LinkedHashMap<>();
        Map<ConditionKey, String> conditionPeriods = new LinkedHashMap<>();
        Map<ConditionKey, Double> conditionFractions = new LinkedHashMap<>();
        Set<String> usedNames = new LinkedHashSet<>();
        for (Slo slo : slos) {
            List<Object> policies = new ArrayList<>();
            Duration period = OpenSloUnits.nominalPeriod(slo.window());
            for (BurnAlert alert : slo.alerts()) {
                Duration lookback = alert.longWindow();
                OpenSloUnits.text(lookback, "the long window of " + slo.slug() + "'s alert " + alert.name());
                ConditionKey key = new ConditionKey(alert.severity(), OpenSloUnits.threshold(alert.budgetFraction(), period, lookback), lookback,
                        alert.shortWindow());
                String name = conditionNames.get(key);
                if (name == null) {
                    String base = alert.severity() + "-" + Durations.text(lookback) + "-" + Durations.text(period);
                    name = base;
                    for (int suffix = 2; usedNames.contains(name); suffix++) {
                        name = base + "-" + suffix;
                    }
                    usedNames.add(name);
                    conditionNames.put(key, name);
                    conditionPeriods.put(key, Durations.text(period));
                    conditionFractions.put(key, alert.budgetFraction());
                }
                policies.add(map("alertPolicyRef", name));
            }
            documents.add(document("SLO", sloMetadata(slo), sloSpec(slo, policies)));
        }
        List<Object> conditionDocuments = new ArrayList<>();
        for (Map.Entry<ConditionKey, String> entry : conditionNames.entrySet()) {
            ConditionKey key = entry.getKey();
            String name = entry.getValue();
            String summary = (key.severity().equals("page") ? "Page" : "Open a ticket") + " when " + OpenSloUnits.percent(conditionFractions.get(key))
                    + " of a " + conditionPeriods.get(key) + " error budget burns within " + Durations.text(key.lookback()) + " (and the last "
                    + Durations.text(key.shortWindow()) + " still burns)";
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("description", summary);
            policy.put("alertWhenBreaching", true);
            policy.put("conditions", List.of(map("conditionRef", name)));
            policy.put("notificationTargets", List.of(map("targetRef", TARGET)));
            documents.add(document("AlertPolicy", metadata(name, null), policy));
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("kind", "burnrate");
            condition.put("op", "gte");
            condition.put("threshold", key.threshold());
            condition.put("lookbackWindow", Durations.text(key.lookback()));
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("description", summary);
            spec.put("severity", key.severity());
            spec.put("condition", condition);
            Map<String, Object> metadata = metadata(name, null);
            metadata.put("annotations", map(OpenSlo.SHORT_WINDOW, Durations.text(key.shortWindow())));
            conditionDocuments.add(document("AlertCondition", metadata, spec));
        }
        documents.addAll(conditionDocuments);
        if (!conditionNames.isEmpty()) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("description", "Andon notifies about burn alerts as set up for the SLO's service");
            spec.put("target", TARGET);
            documents.add(document("AlertNotificationTarget", metadata(TARGET, null), spec));
        }
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setExplicitStart(true).setSplitLines(false)
                .setWidth(Integer.MAX_VALUE).setDereferenceAliases(true).setSchema(new CoreSchema()).build();
        return new Dump(settings, new Representer(settings)).dumpAllToString(documents.iterator());
    }

    private static Map<String, Object> sloMetadata(Slo slo) {
        Map<String, Object> metadata = metadata(slo.slug(), slo.name().equals(slo.slug()) ? null : slo.name());
        Map<String, Object> annotations = new LinkedHashMap<>();
        if (slo.noData() != NoDataPolicy.EXCLUDED) {
            annotations.put(OpenSlo.NO_DATA, slo.noData().key());
        }
        if (slo.minEvents() != 0) {
            annotations.put(OpenSlo.MIN_EVENTS, Long.toString(slo.minEvents()));
        }
        if (slo.noDataAlertAfter() != null) {
            annotations.put(OpenSlo.NO_DATA_ALERT_AFTER, Durations.text(slo.noDataAlertAfter()));
        }
        if (!annotations.isEmpty()) {
            metadata.put("annotations", annotations);
        }
        return metadata;
    }

    private static Map<String, Object> sloSpec(Slo slo, List<Object> policies) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (!slo.description().isEmpty()) {
            spec.put("description", slo.description());
        }
        spec.put("service", slo.service());
        Map<String, Object> indicator = new LinkedHashMap<>();
        indicator.put("metadata", metadata(slo.slug(), null));
        indicator.put("spec", sli(slo.indicator()));
        spec.put("indicator", indicator);
        spec.put("timeWindow", List.of(timeWindow(slo)));
        spec.put("budgetingMethod", slo.method().openSlo());
        Map<String, Object> objective = new LinkedHashMap<>();
        if (slo.indicator().threshold()) {
            objective.put("op", "lte");
            objective.put("value", slo.indicator().latencyThresholdMs());
        }
        objective.put("target", slo.target());
        if (slo.method().sliced()) {
            if (slo.sliceTarget() != null) {
                objective.put("timeSliceTarget", slo.sliceTarget());
            }
            objective.put("timeSliceWindow", OpenSloUnits.text(slo.sliceWindow(), "the time slice of " + slo.slug()));
        }
        spec.put("objectives", List.of(objective));
        spec.put("alertPolicies", policies);
        return spec;
    }

    private static Map<String, Object> sli(Indicator indicator) {
        if (indicator.threshold()) {
            return map("thresholdMetric", map("metricSource", andonSource(indicator)));
        }
        Map<String, Object> ratio = new LinkedHashMap<>();
        ratio.put("counter", true);
        if (indicator.source() == Indicator.Source.PROMETHEUS) {
            if (indicator.goodQuery() != null) {
                ratio.put("good", map("metricSource", prometheusSource(indicator.dataSource(), indicator.goodQuery())));
            } else {
                ratio.put("bad", map("metricSource", prometheusSource(indicator.dataSource(), indicator.badQuery())));
            }
            ratio.put("total", map("metricSource", prometheusSource(indicator.dataSource(), indicator.totalQuery())));
        } else {
            ratio.put("good", map("metricSource", andonSource(indicator)));
            ratio.put("total", map("metricSource", andonSource(indicator)));
        }
        return map("ratioMetric", ratio);
    }

    private static Map<String, Object> prometheusSource(String dataSource, String query) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("metricSourceRef", dataSource);
        source.put("type", DataSource.PROMETHEUS);
        source.put("spec", map("query", query));
        return source;
    }

    private static Map<String, Object> andonSource(Indicator indicator) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (indicator.source() == Indicator.Source.PUSH) {
            spec.put("push", true);
        } else {
            spec.put("check", indicator.check());
            if (indicator.location() != null) {
                spec.put("location", indicator.location());
            }
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("type", "Andon");
        source.put("spec", spec);
        return source;
    }

    private static Map<String, Object> timeWindow(Slo slo) {
        Map<String, Object> window = new LinkedHashMap<>();
        if (slo.window() instanceof TimeWindow.Rolling rolling) {
            window.put("duration", OpenSloUnits.text(rolling.length(), "the rolling window of " + slo.slug()));
            window.put("isRolling", true);
            return window;
        }
        TimeWindow.Calendar calendar = (TimeWindow.Calendar) slo.window();
        if (calendar.start().getNano() != 0) {
            throw new IllegalArgumentException("the calendar start of " + slo.slug() + " has fractions of a second, which OpenSLO cannot say");
        }
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("startTime", new Quoted(calendar.start().format(OpenSloUnits.START_TIME)));
        start.put("timeZone", calendar.zone().getId());
        window.put("duration", calendar.durationText());
        window.put("isRolling", false);
        window.put("calendar", start);
        return window;
    }

    private static Map<String, Object> document(String kind, Map<String, Object> metadata, Map<String, Object> spec) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", OpenSlo.API_VERSION);
        document.put("kind", kind);
        document.put("metadata", metadata);
        document.put("spec", spec);
        return document;
    }

    private static Map<String, Object> metadata(String name, String displayName) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        if (displayName != null) {
            metadata.put("displayName", displayName);
        }
        return metadata;
    }

    private static Map<String, Object> map(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }

    /**
     * The standard representer, plus double quotes for {@link Quoted} text and every digit of a
     * BigDecimal (a threshold may need 17 of them to read back exactly, more than a double prints).
     */
    private static final class Representer extends StandardRepresenter {
        Representer(DumpSettings settings) {
            super(settings);
            this.representers.put(Quoted.class, data -> representScalar(Tag.STR, ((Quoted) data).text(), ScalarStyle.DOUBLE_QUOTED));
            this.representers.put(BigDecimal.class, data -> {
                BigDecimal number = ((BigDecimal) data).stripTrailingZeros();
                return representScalar(number.scale() <= 0 ? Tag.INT : Tag.FLOAT, number.toPlainString(), ScalarStyle.PLAIN);
            });
        }
    }
}
