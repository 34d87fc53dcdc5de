package dev.andon.probe;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidJsonException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Runs an {@link HttpSpec}: HTTP/1.1 on a fresh socket per request, written on plain sockets
 * rather than {@code java.net.http.HttpClient} so that dns, connect, tls, first_byte, transfer
 * and assertion are each timed. Thread-safe and reusable: it holds only what it precomputed.
 */
public final class HttpProbe {
    private static final Configuration JSON = Configuration.defaultConfiguration();
    /** Headers that carry the user's identity or address the first host: not sent on to another origin. */
    private static final List<String> ORIGIN_HEADERS = List.of("authorization", "cookie", "proxy-authorization", "host");

    private final HttpSpec spec;
    private final HttpStatusRanges expectedStatus;
    private final Pattern bodyRegex;
    private final JsonPath jsonPath;
    private final boolean collectBody;
    private final Request firstRequest;

    public HttpProbe(HttpSpec spec) {
        this.spec = spec;
        this.expectedStatus = HttpStatusRanges.parse(spec.expectedStatus());
        this.bodyRegex = spec.bodyRegex() == null ? null : Pattern.compile(spec.bodyRegex());
        this.jsonPath = spec.jsonPath() == null ? null : JsonPath.compile(spec.jsonPath().path());
        this.collectBody = spec.bodyContains() != null || bodyRegex != null || jsonPath != null;
        this.firstRequest = new Request(spec.url(), spec.method(), spec.body(), spec.headers());
    }

    public HttpSpec spec() {
        return spec;
    }

    /** Runs the check once; never throws, and returns within about {@code timeout}, every redirect included. */
    public ProbeResult run(Duration timeout) {
        Run run = new Run(timeout);
        try {
            return run.execute();
        } catch (Failure failure) {
            return run.result.down(failure.phase, failure.getMessage());
        } catch (HttpResponseReader.MalformedResponseException e) {
            return run.result.down(e.phase(), e.getMessage());
        } catch (IOException e) {
            return run.result.down(run.phase, run.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return run.result.down(run.phase, "interrupted");
        } catch (RuntimeException e) {
            return run.result.down(run.phase, "probe failed: " + e);
        }
    }

    /** One request on the wire: where it goes and its bytes, head and body, written at once. */
    private static final class Request {
        final URI url;
        final String method;
        final String body;
        final Map<String, String> headers;
        final boolean https;
        final String host;
        final boolean ipLiteral;
        /** The address when the host is one, parsed once; null for a name, which is looked up on every run. */
        final InetAddress literalAddress;
        final int port;
        final byte[] bytes;

        Request(URI url, String method, String body, Map<String, String> headers) {
            this.url = url;
            this.method = method;
            this.body = body;
            this.headers = headers;
            this.https = url.getScheme().equalsIgnoreCase("https");
            String uriHost = url.getHost();
            this.ipLiteral = uriHost.startsWith("[") || isIpv4(uriHost);
            this.host = uriHost.startsWith("[") ? uriHost.substring(1, uriHost.length() - 1) : uriHost;
            this.port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
            this.literalAddress = ipLiteral ? parseLiteral(host) : null;
            this.bytes = encode();
        }

        /** An IP address in text; getByName does no lookup for one. Null if it is no valid address after all. */
        private static InetAddress parseLiteral(String address) {
            try {
                return InetAddress.getByName(address);
            } catch (UnknownHostException e) {
                return null;
            }
        }

        private byte[] encode() {
            URI ascii = URI.create(url.toASCIIString());
            String target = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
            if (ascii.getRawQuery() != null) {
                target = target + "?" + ascii.getRawQuery();
            }
            byte[] bodyBytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(256)
                    .append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            boolean host = false;
            boolean userAgent = false;
            boolean accept = false;
            for (Map.Entry<String, String> header : headers.entrySet()) {
                String name = header.getKey();
                host |= name.equalsIgnoreCase("host");
                userAgent |= name.equalsIgnoreCase("user-agent");
                accept |= name.equalsIgnoreCase("accept");
            }
            if (!host) {
                head.append("Host: ").append(url.getHost());
                if (url.getPort() > 0 && url.getPort() != (https ? 443 : 80)) {
                    head.append(':').append(url.getPort());
                }
                head.append("\r\n");
            }
            for (Map.Entry<String, String> header : headers.entrySet()) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
            if (!userAgent) {
                head.append("User-Agent: Andon-Probe/1\r\n");
            }
            if (!accept) {
                head.append("Accept: */*\r\n");
            }
            head.append("Connection: close\r\n");
            if (bodyBytes != null) {
                head.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
            } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
                // Servers answer 411 Length Required to a body-carrying method without a length.
                head.append("Content-Length: 0\r\n");
            }
            head.append("\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
            if (bodyBytes == null) {
                return headBytes;
            }
            byte[] all = Arrays.copyOf(headBytes, headBytes.length + bodyBytes.length);
            System.arraycopy(bodyBytes, 0, all, headBytes.length, bodyBytes.length);
            return all;
        }
    }

    /** A failure with its phase and the message users see, thrown to unwind to {@link #run}; no stack trace needed. */
    private static final class Failure extends Exception {
        final String phase;

        Failure(String phase, String message) {
            super(message, null, false, false);
            this.phase = phase;
        }
    }

    /** The state of one run: the result being built, the deadline and the phase in progress. */
    private final class Run {
        final ProbeResult.Builder result = ProbeResult.builder();
        final long start = System.nanoTime();
        final long deadline;
        String phase = Phase.DNS;
        String endpoint = "";

        Run(Duration timeout) {
            long nanos = timeout == null || timeout.isNegative() ? 0 : saturatedNanos(timeout);
            this.deadline = start + nanos;
        }

        ProbeResult execute() throws IOException, Failure, InterruptedException {
            Request request = firstRequest;
            for (int redirects = 0; ; redirects++) {
                HttpResponseReader response = exchange(request);
                if (followed(response)) {
                    String location = response.location();
                    if (redirects == HttpSpec.MAX_REDIRECTS) {
                        throw new Failure(Phase.ASSERTION, "more than " + HttpSpec.MAX_REDIRECTS + " redirects (the next to "
                                + quoted(location) + ")");
                    }
                    request = redirect(request, response.status(), location);
                    result.observe("http.redirects", redirects + 1);
                    continue;
                }
                phase = Phase.ASSERTION;
                String failure = check(response);
                if (failure != null) {
                    return result.down(Phase.ASSERTION, failure);
                }
                result.phase(Phase.ASSERTION);
                long millis = elapsedMillis();
                String summary = "HTTP " + response.status() + " in " + millis + " ms";
                if (spec.degradedAfter() != null && System.nanoTime() - start > saturatedNanos(spec.degradedAfter())) {
                    return result.degraded(summary + ", slower than the degradedAfter limit of "
                            + spec.degradedAfter().toMillis() + " ms");
                }
                return result.up(summary);
            }
        }

        /** One request and response on a fresh connection; the body is read only for a final response. */
        private HttpResponseReader exchange(Request request) throws IOException, Failure, InterruptedException {
            phase = Phase.DNS;
            InetAddress address = resolve(request);
            endpoint = address instanceof Inet6Address
                    ? "[" + address.getHostAddress() + "]:" + request.port
                    : address.getHostAddress() + ":" + request.port;
            phase = Phase.CONNECT;
            try (HttpDeadlineSocket socket = new HttpDeadlineSocket(deadline)) {
                if (request.https) {
                    // TLS writes its last handshake flight and the request back to back; Nagle would hold the
                    // second until the first is acknowledged. A plain request is one write and needs no syscall for it.
                    socket.setTcpNoDelay(true);
                }
                socket.connectBeforeDeadline(new InetSocketAddress(address, request.port));
                result.phase(Phase.CONNECT).observe("http.address", address.getHostAddress());
                Socket channel = socket;
                if (request.https) {
                    phase = Phase.TLS;
                    channel = handshake(socket, request);
                    result.phase(Phase.TLS);
                }
                phase = Phase.FIRST_BYTE;
                OutputStream output = channel.getOutputStream();
                output.write(request.bytes);
                output.flush();
                HttpResponseReader response = new HttpResponseReader(channel.getInputStream(), !spec.headerAssertions().isEmpty());
                if (!response.awaitFirstByte()) {
                    throw new Failure(Phase.FIRST_BYTE, "connection closed without a response");
                }
                result.phase(Phase.FIRST_BYTE);
                phase = Phase.TRANSFER;
                response.readHead();
                result.observe("http.status", response.status());
                int status = response.status();
                if (!followed(response)) {
                    boolean hasBody = !request.method.equals("HEAD") && status >= 200 && status != 204 && status != 304;
                    response.readBody(hasBody, collectBody, (int) spec.maxBodyBytes());
                    if (response.truncated()) {
                        result.observe("http.body_truncated", true);
                    }
                }
                result.phase(Phase.TRANSFER);
                // The raw socket is closed without a TLS close_notify: the exchange is over either way.
                return response;
            }
        }

        private InetAddress resolve(Request request) throws Failure, InterruptedException {
            if (request.ipLiteral) {
                if (request.literalAddress == null) {
                    throw new Failure(Phase.DNS, "invalid IP address " + request.host);
                }
                // No lookup happens for an address; the phase is recorded so every result has the same phases.
                result.phase(Phase.DNS, Duration.ZERO);
                return request.literalAddress;
            }
            // The system resolver has no timeout of its own: a virtual thread runs the lookup and
            // the probe stops waiting at the deadline, leaving the lookup to finish unobserved.
            FutureTask<InetAddress[]> lookup = new FutureTask<>(() -> InetAddress.getAllByName(request.host));
            Thread.ofVirtual().start(lookup);
            InetAddress[] addresses;
            try {
                addresses = lookup.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                lookup.cancel(true);
                throw new Failure(Phase.DNS, "DNS: lookup of " + request.host + " timed out after " + elapsedMillis() + " ms");
            } catch (ExecutionException e) {
                throw new Failure(Phase.DNS, e.getCause() instanceof UnknownHostException
                        ? "DNS: cannot resolve " + request.host
                        : "DNS: lookup of " + request.host + " failed: " + e.getCause().getMessage());
            }
            result.phase(Phase.DNS);
            String[] answer = new String[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                answer[i] = addresses[i].getHostAddress();
            }
            Arrays.sort(answer);
            result.observe("dns.answer", String.join(",", answer));
            return addresses[0];
        }

        private SSLSocket handshake(Socket socket, Request request) throws IOException {
            SSLSocketFactory factory = Tls.factory(spec.verifyTls());
            SSLSocket tls = (SSLSocket) factory.createSocket(socket, request.host, request.port, true);
            SSLParameters parameters = tls.getSSLParameters();
            if (spec.verifyTls()) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (!request.ipLiteral) {
                try {
                    parameters.setServerNames(List.of(new SNIHostName(request.host)));
                } catch (IllegalArgumentException e) {
                    // Not a name SNI can carry (a trailing dot, for example): connect without SNI.
                }
            }
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            result.observe("tls.protocol", tls.getSession().getProtocol());
            return tls;
        }

        private Request redirect(Request from, int status, String location) throws Failure {
            URI next;
            try {
                // Browsers send spaces in Location on as %20; a strict parse would reject them.
                next = base(from.url).resolve(new URI(location.replace(" ", "%20")));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new Failure(Phase.ASSERTION, "redirect to an invalid Location " + quoted(location));
            }
            String scheme = next.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || next.getHost() == null || next.getPort() == 0 || next.getPort() > 65535) {
                throw new Failure(Phase.ASSERTION, "redirect to an unsupported URL " + quoted(location));
            }
            String method = from.method;
            String body = from.body;
            // What browsers do: 303 always, and 301 or 302 after a POST, turn into a GET without body.
            if ((status == 303 && !method.equals("HEAD")) || ((status == 301 || status == 302) && method.equals("POST"))) {
                method = "GET";
                body = null;
            }
            Map<String, String> headers = from.headers;
            if (!origin(next).equals(origin(from.url)) && !headers.isEmpty()) {
                headers = new LinkedHashMap<>(headers);
                headers.keySet().removeIf(name -> ORIGIN_HEADERS.contains(name.toLowerCase(Locale.ROOT)));
            }
            return new Request(next, method, body, headers);
        }

        /** The message for an I/O failure in the current phase. */
        String describe(IOException e) {
            if (isTimeout(e) || System.nanoTime() - deadline >= 0) {
                long elapsed = elapsedMillis();
                return switch (phase) {
                    case Phase.CONNECT -> "connect to " + endpoint + " timed out after " + elapsed + " ms";
                    case Phase.TLS -> "TLS handshake with " + endpoint + " timed out after " + elapsed + " ms";
                    case Phase.FIRST_BYTE -> "no response from " + endpoint + " after " + elapsed + " ms";
                    default -> "timed out after " + elapsed + " ms reading the response";
                };
            }
            return switch (phase) {
                case Phase.CONNECT -> e instanceof ConnectException && String.valueOf(e.getMessage()).contains("refused")
                        ? "connect to " + endpoint + " refused"
                        : e instanceof NoRouteToHostException
                        ? "connect to " + endpoint + ": no route to host"
                        : "connect to " + endpoint + " failed: " + e.getMessage();
                case Phase.TLS -> "TLS handshake failed: " + tlsProblem(e);
                case Phase.FIRST_BYTE -> "sending the request or waiting for the response failed: " + e.getMessage();
                default -> "reading the response failed: " + e.getMessage();
            };
        }

        private long elapsedMillis() {
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    /** Checks a final response against the spec; null when it passes, else what is wrong. */
    private String check(HttpResponseReader response) {
        int status = response.status();
        if (!expectedStatus.matches(status)) {
            return "expected status " + expectedStatus + ", got " + status;
        }
        for (Map.Entry<String, String> assertion : spec.headerAssertions().entrySet()) {
            String value = response.header(assertion.getKey().toLowerCase(Locale.ROOT));
            if (value == null) {
                return "header " + assertion.getKey() + " is missing";
            }
            if (!value.contains(assertion.getValue())) {
                return "header " + assertion.getKey() + " is " + quoted(value) + ", expected it to contain "
                        + quoted(assertion.getValue());
            }
        }
        if (!collectBody) {
            return null;
        }
        String body = response.bodyText(charset(response.contentType()));
        String failure = checkBody(body);
        if (failure != null && response.truncated()) {
            failure = failure + " (only its first " + response.bodyLength() + " bytes were read)";
        }
        return failure;
    }

    private String checkBody(String body) {
        if (spec.bodyContains() != null && !body.contains(spec.bodyContains())) {
            return "body does not contain " + quoted(spec.bodyContains());
        }
        if (bodyRegex != null && !bodyRegex.matcher(body).find()) {
            return "body does not match the regular expression " + quoted(spec.bodyRegex());
        }
        if (jsonPath != null) {
            return checkJson(body);
        }
        return null;
    }

    private String checkJson(String body) {
        String path = spec.jsonPath().path();
        String expected = spec.jsonPath().equals();
        Object document;
        try {
            document = JSON.jsonProvider().parse(body);
        } catch (InvalidJsonException e) {
            return "body is not JSON, so " + path + " cannot be checked";
        }
        // The parser is lenient: it reads plain text as one JSON string, which no health endpoint means.
        if (document == null || (document instanceof String && !body.strip().startsWith("\""))) {
            return "body is not JSON, so " + path + " cannot be checked";
        }
        Object value;
        try {
            value = jsonPath.read(document, JSON);
        } catch (PathNotFoundException e) {
            return path + " not found in the body";
        } catch (RuntimeException e) {
            return path + " cannot be read from the body: " + e.getMessage();
        }
        if (!jsonPath.isDefinite()) {
            // A path with wildcards or filters gives every match: one matching node is enough.
            List<?> matches = value instanceof List<?> list ? list : List.of(value);
            if (matches.isEmpty()) {
                return path + " not found in the body";
            }
            if (expected == null) {
                return null;
            }
            for (Object match : matches) {
                if (expected.equals(jsonText(match))) {
                    return null;
                }
            }
            return path + " has no value " + quoted(expected) + " (found " + abbreviated(jsonText(value)) + ")";
        }
        if (expected == null || expected.equals(jsonText(value))) {
            return null;
        }
        String shown = value instanceof String text ? quoted(text) : abbreviated(jsonText(value));
        return path + " is " + shown + ", expected " + quoted(expected);
    }

    /** A JSON value as users write it in expectations: strings bare, everything else as JSON. */
    private static String jsonText(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return JSON.jsonProvider().toJson(value);
    }

    /** Whether this response is a redirect the probe follows rather than the final response. */
    private boolean followed(HttpResponseReader response) {
        int status = response.status();
        return spec.followRedirects() && response.location() != null
                && (status == 301 || status == 302 || status == 303 || status == 307 || status == 308);
    }

    /** Scheme, host and port: where credentials given for one site must stay. */
    private static String origin(URI url) {
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        return (https ? "https://" : "http://") + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (at >= 0) {
                int end = contentType.indexOf(';', at);
                String name = contentType.substring(at + 8, end < 0 ? contentType.length() : end).strip();
                if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    // An unknown charset name: UTF-8 is the best guess for a health endpoint.
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The URL to resolve a relative Location against; an empty path would otherwise glue the reference to the host. */
    private static URI base(URI url) {
        if (url.getRawPath() != null && !url.getRawPath().isEmpty()) {
            return url;
        }
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + "/"
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    /** Whether the host is a dotted IPv4 address, which needs no lookup (and must not get one). */
    private static boolean isIpv4(String host) {
        int dots = 0;
        int digits = 0;
        int part = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (digits == 0) {
                    return false;
                }
                dots++;
                digits = 0;
                part = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                digits++;
                part = part * 10 + (c - '0');
                if (part > 255) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return dots == 3 && digits > 0;
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The cause of a failed handshake in words: the JDK's messages name internal classes. */
    private static String tlsProblem(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateExpiredException) {
                return "certificate expired";
            }
            if (cause instanceof CertificateNotYetValidException) {
                return "certificate not yet valid";
            }
            if (cause instanceof CertPathValidatorException validator) {
                if (validator.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                    return "certificate expired";
                }
                if (validator.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return "certificate not yet valid";
                }
                if (validator.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                    return "certificate revoked";
                }
            }
            if (cause instanceof CertPathBuilderException) {
                return "certificate not trusted (self-signed or from an unknown issuer)";
            }
            if (cause instanceof CertificateException && cause.getMessage() != null
                    && (cause.getMessage().startsWith("No subject alternative") || cause.getMessage().startsWith("No name matching"))) {
                return "certificate does not match the host name (" + cause.getMessage() + ")";
            }
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof SSLException && message.contains("Unsupported or unrecognized SSL message")) {
            return "the server does not speak TLS on this port (use http://)";
        }
        if (message.contains("PKIX path")) {
            return "certificate not trusted (self-signed or from an unknown issuer)";
        }
        return message;
    }

    private static String quoted(String text) {
        return "\"" + abbreviated(text) + "\"";
    }

    private static String abbreviated(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    /**
     * TLS socket factories, one fresh context per connection: a shared context would resume
     * cached sessions, and a resumed handshake neither checks the certificate again nor takes
     * the time a new client's handshake takes. The trust managers, costly to load, are shared.
     */
    private static final class Tls {
        private static final SecureRandom RANDOM = new SecureRandom();
        private static volatile TrustManager[] systemTrust;

        static SSLSocketFactory factory(boolean verify) throws IOException {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, verify ? systemTrust() : new TrustManager[] {new TrustAll()}, RANDOM);
                return context.getSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new SSLException("cannot make a TLS context: " + e.getMessage(), e);
            }
        }

        /** The JDK's trusted roots (cacerts, or javax.net.ssl.trustStore when set). */
        private static TrustManager[] systemTrust() throws GeneralSecurityException {
            TrustManager[] trust = systemTrust;
            if (trust == null) {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                trust = factory.getTrustManagers();
                systemTrust = trust;
            }
            return trust;
        }
    }

    /**
     * Accepts every certificate for verifyTls=false. Extends the "extended" trust manager because
     * the JDK wraps a plain one with its own host name and algorithm checks.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
