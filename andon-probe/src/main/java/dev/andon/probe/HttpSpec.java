package dev.andon.probe;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An HTTP check: which URL to request and what the response must look like. Only plain values, so
 * the server can serialize it with Jackson and send it to remote agents as is.
 *
 * @param url              http or https URL with a host; the fragment is never sent
 * @param method           GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS
 * @param headers          request headers, sent in this order; they replace the probe's own
 *                         {@code Host}, {@code User-Agent} and {@code Accept}
 * @param body             request body sent with a Content-Length, or null for none
 * @param expectedStatus   accepted status codes, each {@code 200}, {@code 2xx} or {@code 200-299}
 * @param bodyContains     text the body must contain, or null
 * @param bodyRegex        a regular expression that must match somewhere in the body, or null
 * @param jsonPath         a JSONPath the body must have, with an optional value, or null
 * @param headerAssertions response header name (any case) to the text its value must contain;
 *                         an empty text only requires the header to be present
 * @param degradedAfter    total time above which a passing response is DEGRADED, or null
 * @param followRedirects  whether to follow up to {@value #MAX_REDIRECTS} redirects
 * @param verifyTls        whether the certificate must be trusted and match the host
 * @param maxBodyBytes     how much of the body is read at most; the rest is never downloaded
 */
public record HttpSpec(URI url, String method, Map<String, String> headers, String body,
                       List<String> expectedStatus, String bodyContains, String bodyRegex,
                       JsonPathAssertion jsonPath, Map<String, String> headerAssertions,
                       Duration degradedAfter, boolean followRedirects, boolean verifyTls,
                       long maxBodyBytes) implements ProbeSpec {

    public static final String TYPE = "http";
    public static final List<String> DEFAULT_EXPECTED_STATUS = List.of("200-399");
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final long MAX_BODY_BYTES_LIMIT = 64 * 1024 * 1024;
    public static final int MAX_REDIRECTS = 5;

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** The probe owns these: it closes every connection and frames the body itself. */
    private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "transfer-encoding");

    /**
     * A JSONPath the response body must have. With {@code equals} null the path only has to exist;
     * otherwise its value, written as text ({@code ok}, {@code 3}, {@code true}), must be equal.
     * For a path that can match several nodes ({@code $..status}), one of them is enough.
     */
    public record JsonPathAssertion(String path, String equals) {

        public JsonPathAssertion {
            if (path == null || path.isBlank()) {
                throw new InvalidProbeException("http.jsonPath.path", "is required, e.g. $.status");
            }
            try {
                JsonPath.compile(path);
            } catch (InvalidPathException | IllegalArgumentException e) {
                throw new InvalidProbeException("http.jsonPath.path", "\"" + path + "\" is not a valid JSONPath: " + e.getMessage());
            }
        }

        public static JsonPathAssertion exists(String path) {
            return new JsonPathAssertion(path, null);
        }

        public static JsonPathAssertion equalTo(String path, String value) {
            return new JsonPathAssertion(path, value);
        }
    }

    public HttpSpec {
        url = validUrl(url);
        method = method == null ? "GET" : method.strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new InvalidProbeException("http.method", "\"" + method + "\" is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        }
        headers = validHeaders(headers);
        if (expectedStatus == null || expectedStatus.isEmpty()) {
            expectedStatus = DEFAULT_EXPECTED_STATUS;
        }
        try {
            HttpStatusRanges.parse(expectedStatus);
        } catch (IllegalArgumentException e) {
            throw new InvalidProbeException("http.expectedStatus", e.getMessage());
        }
        expectedStatus = List.copyOf(expectedStatus);
        if (bodyContains != null && bodyContains.isEmpty()) {
            throw new InvalidProbeException("http.bodyContains", "is empty: leave it out, or give the text the body must contain");
        }
        if (bodyRegex != null) {
            try {
                Pattern.compile(bodyRegex);
            } catch (PatternSyntaxException e) {
                throw new InvalidProbeException("http.bodyRegex", "\"" + bodyRegex + "\" is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        headerAssertions = validHeaderAssertions(headerAssertions);
        if (degradedAfter != null && (degradedAfter.isNegative() || degradedAfter.isZero())) {
            throw new InvalidProbeException("http.degradedAfter", "must be positive, not " + degradedAfter);
        }
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES_LIMIT) {
            throw new InvalidProbeException("http.maxBodyBytes", "must be between 1 and " + MAX_BODY_BYTES_LIMIT
                    + " (64 MiB), not " + maxBodyBytes);
        }
    }

    /** A GET of {@code url} with every default: status 200-399, redirects followed, TLS verified, 1 MiB of body. */
    public static HttpSpec get(URI url) {
        return builder(url).build();
    }

    public static HttpSpec get(String url) {
        return get(parseUrl(url));
    }

    public static Builder builder(URI url) {
        return new Builder(url);
    }

    public static Builder builder(String url) {
        return new Builder(parseUrl(url));
    }

    /** A builder holding this spec's values, to derive a variant. */
    public Builder toBuilder() {
        Builder builder = new Builder(url)
                .method(method)
                .body(body)
                .expectedStatus(expectedStatus)
                .bodyContains(bodyContains)
                .bodyRegex(bodyRegex)
                .jsonPath(jsonPath)
                .degradedAfter(degradedAfter)
                .followRedirects(followRedirects)
                .verifyTls(verifyTls)
                .maxBodyBytes(maxBodyBytes);
        headers.forEach(builder::header);
        headerAssertions.forEach(builder::headerContains);
        return builder;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Runs one probe; a caller that runs the same check often can keep an {@link HttpProbe} instead. */
    @Override
    public ProbeResult run(Duration timeout) {
        return new HttpProbe(this).run(timeout);
    }

    private static URI parseUrl(String url) {
        if (url == null) {
            throw new InvalidProbeException("http.url", "is required, e.g. https://example.com/health");
        }
        try {
            return new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new InvalidProbeException("http.url", "\"" + url + "\" is not a valid URL: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }

    private static URI validUrl(URI url) {
        if (url == null) {
            throw new InvalidProbeException("http.url", "is required, e.g. https://example.com/health");
        }
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new InvalidProbeException("http.url", "\"" + url + "\" must start with http:// or https://");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            // URI leaves the host out when it is not a valid host name (an underscore, for example).
            throw new InvalidProbeException("http.url", "\"" + url + "\" has no valid host name");
        }
        if (url.getRawUserInfo() != null) {
            throw new InvalidProbeException("http.url", "credentials in the URL are not supported: send an Authorization header instead");
        }
        if (url.getPort() == 0 || url.getPort() > 65535) {
            throw new InvalidProbeException("http.url", "port must be 1-65535, not " + url.getPort());
        }
        return url;
    }

    private static Map<String, String> validHeaders(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (!isToken(name)) {
                throw new InvalidProbeException("http.headers", "\"" + name + "\" is not a valid header name");
            }
            String lowerCase = name.toLowerCase(Locale.ROOT);
            if (RESERVED_HEADERS.contains(lowerCase)) {
                throw new InvalidProbeException("http.headers", name + " is set by the probe and cannot be changed");
            }
            if (!seen.add(lowerCase)) {
                throw new InvalidProbeException("http.headers", name + " is given twice (header names ignore case)");
            }
            String value = header.getValue();
            if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                throw new InvalidProbeException("http.headers", name + " needs a value on one line");
            }
        }
        // Keeps the order the user wrote: headers go on the wire in that order.
        return Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    private static Map<String, String> validHeaderAssertions(Map<String, String> assertions) {
        if (assertions == null || assertions.isEmpty()) {
            return Map.of();
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> assertion : assertions.entrySet()) {
            String name = assertion.getKey();
            if (!isToken(name)) {
                throw new InvalidProbeException("http.headerAssertions", "\"" + name + "\" is not a valid header name");
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new InvalidProbeException("http.headerAssertions", name + " is given twice (header names ignore case)");
            }
            if (assertion.getValue() == null) {
                throw new InvalidProbeException("http.headerAssertions", name + " needs the text its value must contain (empty: only present)");
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(assertions));
    }

    /** RFC 9110 token characters: what a header name may be made of. */
    private static boolean isToken(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Builds an {@link HttpSpec} from the defaults of {@link #get(URI)}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final URI url;
        private String method = "GET";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;
        private List<String> expectedStatus = DEFAULT_EXPECTED_STATUS;
        private String bodyContains;
        private String bodyRegex;
        private JsonPathAssertion jsonPath;
        private final Map<String, String> headerAssertions = new LinkedHashMap<>();
        private Duration degradedAfter;
        private boolean followRedirects = true;
        private boolean verifyTls = true;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

        private Builder(URI url) {
            this.url = url;
        }

        public Builder method(String method) {
            this.method = method;
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder body(String body) {
            this.body = body;
            return this;
        }

        public Builder expectedStatus(String... expectedStatus) {
            return expectedStatus(List.of(expectedStatus));
        }

        public Builder expectedStatus(List<String> expectedStatus) {
            this.expectedStatus = new ArrayList<>(expectedStatus);
            return this;
        }

        public Builder bodyContains(String text) {
            this.bodyContains = text;
            return this;
        }

        public Builder bodyRegex(String regex) {
            this.bodyRegex = regex;
            return this;
        }

        public Builder jsonPath(JsonPathAssertion jsonPath) {
            this.jsonPath = jsonPath;
            return this;
        }

        /** The value at {@code path} must be {@code value}; a null value only requires the path to exist. */
        public Builder jsonPath(String path, String value) {
            return jsonPath(new JsonPathAssertion(path, value));
        }

        public Builder headerContains(String name, String text) {
            headerAssertions.put(name, text);
            return this;
        }

        public Builder degradedAfter(Duration degradedAfter) {
            this.degradedAfter = degradedAfter;
            return this;
        }

        public Builder followRedirects(boolean followRedirects) {
            this.followRedirects = followRedirects;
            return this;
        }

        public Builder verifyTls(boolean verifyTls) {
            this.verifyTls = verifyTls;
            return this;
        }

        public Builder maxBodyBytes(long maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public HttpSpec build() {
            return new HttpSpec(url, method, headers, body, expectedStatus, bodyContains, bodyRegex, jsonPath,
                    headerAssertions, degradedAfter, followRedirects, verifyTls, maxBodyBytes);
        }
    }
}
