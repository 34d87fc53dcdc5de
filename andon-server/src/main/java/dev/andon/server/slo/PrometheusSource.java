package dev.andon.server.slo;

import dev.andon.slo.Counts;
import dev.andon.slo.Indicator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Minutes of Prometheus SLIs for the evaluator: read with one range query per expression from the
 * SLO's data source. The newest minute is left for the next run, so a scrape that lands late is
 * still counted in its minute; the evaluator reads the last minutes again each run anyway.
 */
@Component
public class PrometheusSource implements SloEngine.SliSource {
    private final SloStore store;
    private final PrometheusReader reader;

    public PrometheusSource(SloStore store, PrometheusReader reader) {
        this.store = store;
        this.reader = reader;
    }

    @Override
    public Indicator.Source source() {
        return Indicator.Source.PROMETHEUS;
    }

    @Override
    public List<SloStore.Minute> read(SloStore.Stored stored, Instant from, Instant to) {
        Indicator indicator = stored.slo().indicator();
        SloStore.DataSource source = store.dataSource(indicator.dataSource()).orElseThrow(() -> new IllegalStateException(
                "data source '" + indicator.dataSource() + "' is gone"));
        Instant until = to.minus(Duration.ofMinutes(1));
        List<SloStore.Minute> minutes = new ArrayList<>();
        if (!from.isBefore(until)) {
            return minutes;
        }
        for (Map.Entry<Instant, Counts> minute : reader.readRange(source.url(), indicator, from, until).entrySet()) {
            if (!minute.getValue().empty()) {
                minutes.add(new SloStore.Minute(stored.id(), minute.getKey(), minute.getValue().good(), minute.getValue().total()));
            }
        }
        return minutes;
    }
}
