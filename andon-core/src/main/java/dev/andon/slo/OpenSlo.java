package dev.andon.slo;

import java.util.List;

/**
 * Import and export of SLOs as OpenSLO v1 YAML ({@code apiVersion: openslo/v1}), so SLOs can move
 * between Andon and other OpenSLO tools. Reading validates by the OpenSLO SDK's rules plus what
 * Andon needs, and reports every problem with its line, column and field; a file with any problem
 * is refused as a whole. Writing gives YAML that reads back to equal records.
 *
 * <p>How the two vocabularies meet:
 * <ul>
 * <li>SLO {@code metadata.name} is the slug, {@code metadata.displayName} the name, {@code spec.description}
 * the description, {@code spec.service} the service.</li>
 * <li>The indicator (inline, or an SLI document named by {@code indicatorRef}) is a {@code ratioMetric}
 * whose {@code metricSource} is {@code type: Prometheus} (a {@code metricSourceRef} to a DataSource and
 * {@code spec.query}) or {@code type: Andon} ({@code spec: {check, location}} for a check's results,
 * {@code spec: {push: true}} for pushed counts); a check's latency is a {@code thresholdMetric} of type
 * Andon whose objective has {@code op: lte} and {@code value} = the threshold in milliseconds.</li>
 * <li>{@code timeWindow}, {@code budgetingMethod} and the one objective ({@code target} or
 * {@code targetPercent}, {@code timeSliceTarget}, {@code timeSliceWindow}) map one to one.</li>
 * <li>Andon's extras are SLO annotations: {@value #NO_DATA}, {@value #MIN_EVENTS},
 * {@value #NO_DATA_ALERT_AFTER}.</li>
 * <li>Each burn alert is one {@code alertPolicies} entry: an AlertPolicy with one AlertCondition
 * {@code {kind: burnrate, op: gte, threshold, lookbackWindow}}. The threshold is a burn rate, so the
 * budget fraction is {@code threshold × lookbackWindow / period}, the period of a calendar window
 * being its nominal length (1M = 30d, 1Q = 90d, 1Y = 365d, as the OpenSLO SDK counts). The short window
 * is the AlertCondition annotation {@value #SHORT_WINDOW}, 1/12 of the lookback window when absent.
 * No {@code alertPolicies} means Andon's default alerts; {@code alertPolicies: []} means none.</li>
 * </ul>
 */
public final class OpenSlo {
    public static final String API_VERSION = "openslo/v1";
    /** What no data counts as: good, bad or excluded (the default). */
    public static final String NO_DATA = "andon.dev/no-data";
    /** The fewest events the long window of a burn alert needs before it may fire. */
    public static final String MIN_EVENTS = "andon.dev/min-events";
    /** Alert when no data arrived for this long, e.g. 30m. */
    public static final String NO_DATA_ALERT_AFTER = "andon.dev/no-data-alert-after";
    /** On an AlertCondition: the short window of the multiwindow burn alert, e.g. 5m. */
    public static final String SHORT_WINDOW = "andon.dev/short-window";

    private OpenSlo() {}

    /**
     * What a file holds. When {@code problems} is not empty the file must be refused as a whole,
     * and the lists of SLOs, data sources and services are empty.
     *
     * @param services the services the file names: Service documents and each SLO's {@code spec.service}
     * @param notes    values that were read but have no meaning in Andon (such as {@code alertAfter}):
     *                 worth showing, not a reason to refuse the file
     */
    public record Result(List<Slo> slos, List<DataSource> dataSources, List<String> services, List<Problem> problems, List<Problem> notes) {
        public Result {
            slos = List.copyOf(slos);
            dataSources = List.copyOf(dataSources);
            services = List.copyOf(services);
            problems = List.copyOf(problems);
            notes = List.copyOf(notes);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** A Prometheus server an SLI reads from: an OpenSLO DataSource with {@code connectionDetails.url}. */
    public record DataSource(String name, String type, String url) {
        public static final String PROMETHEUS = "Prometheus";

        public static DataSource prometheus(String name, String url) {
            return new DataSource(name, PROMETHEUS, url);
        }
    }

    /**
     * Something wrong (or, as a note, not applied) at a 1-based line and column of a file;
     * {@code field} is the path inside its document as written, such as {@code spec.objectives[0].op}.
     */
    public record Problem(String file, int line, int column, String field, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + message;
        }
    }

    /** Reads one file of OpenSLO v1 documents; never throws for bad input. */
    public static Result read(String fileName, String yaml) {
        return new OpenSloReader(fileName).read(yaml);
    }

    /**
     * OpenSLO v1 YAML for {@code slos} and {@code dataSources}: a Service document for each service,
     * the DataSources, the SLOs with their indicators inline, and the AlertPolicies, AlertConditions
     * and the one AlertNotificationTarget of their burn alerts.
     *
     * @throws IllegalArgumentException for what OpenSLO cannot say: a window, slice or alert window
     *                                  that is not whole minutes, a calendar start with fractions of a second
     */
    public static String write(List<Slo> slos, List<DataSource> dataSources) {
        return OpenSloWriter.write(slos, dataSources);
    }
}
