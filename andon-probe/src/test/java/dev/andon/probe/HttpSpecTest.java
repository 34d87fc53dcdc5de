package dev.andon.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpSpecTest {

    @Test
    void getFillsInTheDefaults() {
        HttpSpec spec = HttpSpec.get("https://example.com/health");

        assertThat(spec.type()).isEqualTo("http");
        assertThat(spec.method()).isEqualTo("GET");
        assertThat(spec.headers()).isEmpty();
        assertThat(spec.body()).isNull();
        assertThat(spec.expectedStatus()).containsExactly("200-399");
        assertThat(spec.followRedirects()).isTrue();
        assertThat(spec.verifyTls()).isTrue();
        assertThat(spec.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(spec.degradedAfter()).isNull();
        assertThat(spec.headerAssertions()).isEmpty();
    }

    @Test
    void nullCollectionsAndMethodFromADeserializerBecomeDefaults() {
        HttpSpec spec = new HttpSpec(URI.create("http://example.com"), null, null, null, null, null, null, null, null,
                null, true, true, HttpSpec.DEFAULT_MAX_BODY_BYTES);

        assertThat(spec).isEqualTo(HttpSpec.get("http://example.com"));
    }

    @Test
    void aLowerCaseMethodIsAccepted() {
        assertThat(HttpSpec.builder("http://example.com").method("post").build().method()).isEqualTo("POST");
    }

    @Test
    void toBuilderRebuildsAnEqualSpec() {
        HttpSpec spec = HttpSpec.builder("http://example.com/api")
                .method("PUT")
                .header("Authorization", "Bearer x")
                .body("{}")
                .expectedStatus("200", "204")
                .bodyContains("ok")
                .bodyRegex("o+k")
                .jsonPath("$.status", "ok")
                .headerContains("Content-Type", "json")
                .degradedAfter(Duration.ofMillis(300))
                .followRedirects(false)
                .verifyTls(false)
                .maxBodyBytes(4096)
                .build();

        assertThat(spec.toBuilder().build()).isEqualTo(spec);
    }

    @Test
    void aUrlMustBeHttpOrHttps() {
        assertInvalid(() -> HttpSpec.get("ftp://example.com/file"), "http.url", "http:// or https://");
        assertInvalid(() -> HttpSpec.get("example.com/health"), "http.url", "http:// or https://");
        assertInvalid(() -> HttpSpec.get((URI) null), "http.url", "required");
    }

    @Test
    void aUrlNeedsAHost() {
        assertInvalid(() -> HttpSpec.get("http:///health"), "http.url", "host");
        assertInvalid(() -> HttpSpec.get("http://bad_name.example.com/"), "http.url", "host");
    }

    @Test
    void aUrlCannotCarryCredentials() {
        assertInvalid(() -> HttpSpec.get("https://user:secret@example.com/"), "http.url", "Authorization header");
    }

    @Test
    void anUnparseableUrlIsNamed() {
        assertInvalid(() -> HttpSpec.get("http://exa mple.com/"), "http.url", "not a valid URL");
    }

    @Test
    void anUnknownMethodIsRejected() {
        assertInvalid(() -> HttpSpec.builder("http://example.com").method("FETCH").build(), "http.method", "FETCH");
    }

    @Test
    void expectedStatusTakesCodesClassesAndRanges() {
        HttpStatusRanges ranges = HttpStatusRanges.parse(List.of("204", "3xx", "400-404"));

        assertThat(ranges.matches(204)).isTrue();
        assertThat(ranges.matches(200)).isFalse();
        assertThat(ranges.matches(301)).isTrue();
        assertThat(ranges.matches(399)).isTrue();
        assertThat(ranges.matches(404)).isTrue();
        assertThat(ranges.matches(405)).isFalse();
        assertThat(ranges).hasToString("204, 3xx, 400-404");
    }

    @Test
    void malformedExpectedStatusIsRejected() {
        for (String entry : List.of("2xy", "600", "20", "300-200", "ok", "")) {
            assertInvalid(() -> HttpSpec.builder("http://example.com").expectedStatus(entry).build(), "http.expectedStatus", entry);
        }
        assertInvalid(() -> HttpSpec.builder("http://example.com").expectedStatus(Arrays.asList("200", null)).build(),
                "http.expectedStatus", "not a status code");
    }

    @Test
    void anInvalidRegexIsRejectedWhenTheSpecIsMade() {
        assertInvalid(() -> HttpSpec.builder("http://example.com").bodyRegex("status: (ok").build(), "http.bodyRegex", "(ok");
    }

    @Test
    void anInvalidJsonPathIsRejectedWhenTheSpecIsMade() {
        assertInvalid(() -> HttpSpec.builder("http://example.com").jsonPath("$.[", null).build(), "http.jsonPath.path", "$.[");
        assertInvalid(() -> HttpSpec.JsonPathAssertion.exists(" "), "http.jsonPath.path", "required");
    }

    @Test
    void anEmptyBodyContainsIsAMistake() {
        assertInvalid(() -> HttpSpec.builder("http://example.com").bodyContains("").build(), "http.bodyContains", "empty");
    }

    @Test
    void maxBodyBytesIsBetweenOneByteAnd64MiB() {
        assertInvalid(() -> HttpSpec.builder("http://example.com").maxBodyBytes(0).build(), "http.maxBodyBytes", "not 0");
        assertInvalid(() -> HttpSpec.builder("http://example.com").maxBodyBytes(64L * 1024 * 1024 + 1).build(),
                "http.maxBodyBytes", "64 MiB");
        assertThat(HttpSpec.builder("http://example.com").maxBodyBytes(64L * 1024 * 1024).build().maxBodyBytes())
                .isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void degradedAfterMustBePositive() {
        assertInvalid(() -> HttpSpec.builder("http://example.com").degradedAfter(Duration.ZERO).build(), "http.degradedAfter", "positive");
    }

    @Test
    void headersThatTheProbeOwnsOrThatCouldInjectLinesAreRejected() {
        assertInvalid(() -> HttpSpec.builder("http://example.com").header("Connection", "keep-alive").build(), "http.headers", "Connection");
        assertInvalid(() -> HttpSpec.builder("http://example.com").header("content-length", "5").build(), "http.headers", "content-length");
        assertInvalid(() -> HttpSpec.builder("http://example.com").header("X-Evil", "a\r\nHost: other").build(), "http.headers", "one line");
        assertInvalid(() -> HttpSpec.builder("http://example.com").header("Bad Name", "x").build(), "http.headers", "Bad Name");
        assertInvalid(() -> HttpSpec.builder("http://example.com").header("X-A", "1").header("x-a", "2").build(), "http.headers", "twice");
    }

    @Test
    void headerAssertionsNeedValidNamesOnce() {
        assertInvalid(() -> HttpSpec.builder("http://example.com").headerContains("Content Type", "json").build(),
                "http.headerAssertions", "Content Type");
        assertInvalid(() -> HttpSpec.builder("http://example.com").headerContains("ETag", "a").headerContains("etag", "b").build(),
                "http.headerAssertions", "twice");
    }

    @Test
    void headersKeepTheOrderTheyWereGivenIn() {
        HttpSpec spec = HttpSpec.builder("http://example.com").header("X-C", "3").header("X-A", "1").header("X-B", "2").build();

        assertThat(spec.headers().keySet()).containsExactly("X-C", "X-A", "X-B");
    }

    private static void assertInvalid(Runnable make, String field, String messagePart) {
        assertThatThrownBy(make::run)
                .isInstanceOfSatisfying(InvalidProbeException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(messagePart);
    }
}
