package dev.andon.alerts;

import static dev.andon.alerts.Severity.CRITICAL;
import static dev.andon.alerts.Severity.ERROR;
import static dev.andon.alerts.Severity.INFO;
import static dev.andon.alerts.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeverityMapTest {

    @Test
    void pagerDutysFourValuesMapToThemselves() {
        for (Severity severity : Severity.values()) {
            assertThat(SeverityMap.map(severity.text(), Map.of(), null)).isEqualTo(severity);
        }
    }

    @Test
    void commonSpellingsMapOntoTheFour() {
        Map<Severity, List<String>> table = Map.of(
                CRITICAL, List.of("crit", "fatal", "emergency", "emerg", "alert", "page", "disaster", "p1", "sev1"),
                ERROR, List.of("err", "high", "major", "p2", "sev2"),
                WARNING, List.of("warn", "medium", "moderate", "minor", "average", "p3", "sev3"),
                INFO, List.of("informational", "information", "low", "notice", "none", "ok", "debug", "p4", "p5", "sev4", "sev5"));
        table.forEach((severity, spellings) -> {
            for (String spelling : spellings) {
                assertThat(SeverityMap.map(spelling, Map.of(), null)).as(spelling).isEqualTo(severity);
            }
        });
    }

    @Test
    void valuesAreComparedTrimmedAndLowerCased() {
        assertThat(SeverityMap.map("  CRITICAL ", Map.of(), INFO)).isEqualTo(CRITICAL);
        assertThat(SeverityMap.map("Warning", Map.of(), INFO)).isEqualTo(WARNING);
        assertThat(SeverityMap.map("P1", Map.of(), INFO)).isEqualTo(CRITICAL);
        assertThat(SeverityMap.map("SEV2", Map.of(), INFO)).isEqualTo(ERROR);
    }

    @Test
    void overridesWinOverTheDefaultsAndAreComparedLowerCased() {
        Map<String, Severity> overrides = Map.of(" Page ", WARNING, "TICKET", INFO, "critical", ERROR);
        assertThat(SeverityMap.map("page", overrides, null)).isEqualTo(WARNING);
        assertThat(SeverityMap.map("ticket", overrides, null)).isEqualTo(INFO);
        assertThat(SeverityMap.map("Critical", overrides, null)).isEqualTo(ERROR);
        assertThat(SeverityMap.map("warn", overrides, null)).isEqualTo(WARNING);
    }

    @Test
    void unknownBlankOrAbsentValuesGetTheFallback() {
        assertThat(SeverityMap.map("catastrophic", Map.of(), ERROR)).isEqualTo(ERROR);
        assertThat(SeverityMap.map("", Map.of(), WARNING)).isEqualTo(WARNING);
        assertThat(SeverityMap.map("   ", Map.of(), WARNING)).isEqualTo(WARNING);
        assertThat(SeverityMap.map(null, Map.of("", CRITICAL), INFO)).isEqualTo(INFO);
        assertThat(SeverityMap.map("unknown", null, null)).isNull();
    }

    @Test
    void overridesMayHoldNullsWithoutBreaking() {
        Map<String, Severity> overrides = new HashMap<>();
        overrides.put(null, CRITICAL);
        overrides.put("page", null);
        assertThat(SeverityMap.map("page", overrides, INFO)).isEqualTo(CRITICAL);
    }
}
