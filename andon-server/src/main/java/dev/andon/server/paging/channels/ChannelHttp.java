package dev.andon.server.paging.channels;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The one HTTP client all webhook-style channels share, and the rules they share: which addresses are accepted,
 * which answers are worth a retry, and that a detail names only the host, because Slack, Teams and webhook URLs
 * carry their credential in the path.
 */
@Component
final class ChannelHttp implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int EXCERPT_LENGTH = 200;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            // A redirect would resend the payload (and its signature) to a host nobody configured.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** The address as an http(s) URI, or null when it is not one. */
    static URI webAddress(String address) {
        if (address == null) {
            return null;
        }
        try {
            URI uri = new URI(address.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null ? uri : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    HttpResponse<String> post(URI uri, String contentType, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", contentType)
                .header("User-Agent", "Andon")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * Posts and classifies the answer: any 2xx is delivered; 408, 429 and 5xx are passing trouble; every other
     * status means the request itself is wrong and would fail again. Network trouble is retryable.
     */
    DeliveryResult postAndClassify(URI uri, String contentType, String body, Map<String, String> headers) {
        String host = uri.getHost();
        try {
            HttpResponse<String> response = post(uri, contentType, body, headers);
            return classify(response.statusCode(), response.body(), host);
        } catch (IOException e) {
            return DeliveryResult.retry(failure(e, host));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retry("interrupted while sending to " + host);
        }
    }

    static DeliveryResult classify(int status, String body, String host) {
        if (status >= 200 && status < 300) {
            return DeliveryResult.ok("HTTP " + status + " from " + host);
        }
        String detail = "HTTP " + status + " from " + host + excerptSuffix(body);
        return retryableStatus(status) ? DeliveryResult.retry(detail) : DeliveryResult.fail(detail);
    }

    static boolean retryableStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** A network failure in words, without the URL (the JDK puts the whole URI in some messages). */
    static String failure(IOException e, String host) {
        String kind = e instanceof java.net.http.HttpTimeoutException ? "timed out"
                : e instanceof java.net.ConnectException ? "could not connect"
                : "network error (" + e.getClass().getSimpleName() + ")";
        return kind + " sending to " + host;
    }

    /** The start of an error answer on one line, e.g. ": invalid_payload", or nothing for an empty body. */
    static String excerptSuffix(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return ": " + (line.length() > EXCERPT_LENGTH ? line.substring(0, EXCERPT_LENGTH) + "…" : line);
    }

    @Override
    public void close() {
        client.close();
    }
}
