package dev.andon.server.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One browser-like session for page tests: cookies kept, redirects not followed so they can be
 * checked, and the CSRF token of the last page sent with each form, as a browser would.
 */
public final class PageSession {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Function<String, URI> uri;
    private String csrf;

    PageSession(Function<String, URI> uri) {
        this.uri = uri;
    }

    /** Fetches a page; {@code headers} are name, value pairs. */
    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri.apply(path)).header("Accept", "text/html");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return remember(send(request.GET().build()));
    }

    /** Posts a form ({@code fields} are name, value pairs) with the CSRF token of the last page. */
    public HttpResponse<String> post(String path, String... fields) {
        List<String> pairs = new ArrayList<>(List.of(fields));
        if (csrf != null) {
            pairs.add("_csrf");
            pairs.add(csrf);
        }
        return postRaw(path, pairs.toArray(String[]::new));
    }

    /** Posts a form exactly as given, without adding the CSRF token. */
    public HttpResponse<String> postRaw(String path, String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(encode(fields[i])).append('=').append(encode(fields[i + 1]));
        }
        return remember(send(HttpRequest.newBuilder(uri.apply(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build()));
    }

    /** Signs in through the login form, then loads {@code landing} (the token changes on sign-in). */
    public HttpResponse<String> signIn(String username, String password, String landing) {
        get("/login");
        HttpResponse<String> response = post("/login", "username", username, "password", password);
        get(landing);
        return response;
    }

    private HttpResponse<String> remember(HttpResponse<String> response) {
        Matcher token = CSRF.matcher(response.body());
        if (token.find()) {
            csrf = token.group(1);
        }
        return response;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
