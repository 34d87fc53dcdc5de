package dev.andon.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeSpecsTest {

    @Test
    void everyTypeSurvivesAJsonRoundTrip() {
        List<ProbeSpec> specs = List.of(
                HttpSpec.get("https://example.com/health"),
                TcpSpec.of("db.internal", 5432).withExpect("ready"),
                DnsSpec.expecting("example.com", "A", "93.184.216.34").withResolver("10.0.0.2"),
                TlsSpec.of("example.com").withDays(30, 10),
                PingSpec.of("10.0.0.1").withDegradedRoundTrip(Duration.ofMillis(150)));
        for (ProbeSpec spec : specs) {
            assertThat(ProbeSpecs.fromJson(spec.type(), ProbeSpecs.toJsonString(spec))).isEqualTo(spec);
        }
    }

    @Test
    void leftOutFieldsGetTheFactoryDefaults() {
        HttpSpec spec = (HttpSpec) ProbeSpecs.fromJson("http", "{\"url\": \"https://example.com\"}");

        assertThat(spec).isEqualTo(HttpSpec.get("https://example.com"));
        assertThat(spec.verifyTls()).isTrue();
        assertThat(spec.followRedirects()).isTrue();
        assertThat(((TlsSpec) ProbeSpecs.fromJson("tls", "{\"host\": \"example.com\"}")).port()).isEqualTo(443);
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        PingSpec spec = (PingSpec) ProbeSpecs.fromJson("ping", "{\"host\": \"10.0.0.1\", \"interval\": \"500ms\", \"degradedRoundTrip\": \"1s\"}");

        assertThat(spec.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(spec.degradedRoundTrip()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ProbeSpecs.toJson(spec).get("interval").asString()).isEqualTo("500ms");
    }

    @Test
    void problemsNameTheFieldWithItsType() {
        assertThatThrownBy(() -> ProbeSpecs.fromJson("http", "{\"url\": \"https://example.com\", \"verifyTSL\": false}"))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> {
                    assertThat(e.field()).isEqualTo("http.verifyTSL");
                    assertThat(e.getMessage()).contains("unknown field").contains("verifyTls");
                });
        assertThatThrownBy(() -> ProbeSpecs.fromJson("ping", "{\"host\": \"h\", \"interval\": \"soon\"}"))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("ping.interval"));
        assertThatThrownBy(() -> ProbeSpecs.fromJson("tcp", "{\"host\": \"h\", \"port\": 70000}"))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("tcp.port"));
        assertThatThrownBy(() -> ProbeSpecs.fromJson("smtp", "{}"))
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo("type"));
    }
}
