package dev.andon.server.api;

import dev.andon.server.access.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit (512 KB by default; larger for apply, which carries whole
 * configuration folders) with 413, before anything reads them, whether or not Content-Length is sent.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class BodySizeLimit extends OncePerRequestFilter {
    private final long limit;
    private final long applyLimit;

    public BodySizeLimit(@Value("${andon.max-body-size:512KB}") DataSize limit,
                         @Value("${andon.max-apply-size:16MB}") DataSize applyLimit) {
        this.limit = limit.toBytes();
        this.applyLimit = applyLimit.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long allowed = allowed(request);
        if (request.getContentLengthLong() > allowed) {
            refuse(response, allowed);
            return;
        }
        try {
            chain.doFilter(new LimitedRequest(request, allowed), response);
        } catch (BodyTooLargeException e) {
            if (!response.isCommitted()) {
                response.reset();
                refuse(response, allowed);
            }
        } catch (ServletException | RuntimeException e) {
            if (causedByLimit(e) && !response.isCommitted()) {
                response.reset();
                refuse(response, allowed);
                return;
            }
            throw e;
        }
    }

    /** How many bytes of body the request may carry. */
    public long allowed(HttpServletRequest request) {
        return request.getRequestURI().equals("/api/v1/apply") ? applyLimit : limit;
    }

    /**
     * The whole body, or null after answering 413 when it is over the limit: for a filter that runs
     * ahead of this one (the ingestion routes are served before it may run).
     */
    public byte[] readBody(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long allowed = allowed(request);
        if (request.getContentLengthLong() > allowed) {
            refuse(response, allowed);
            return null;
        }
        long declared = request.getContentLengthLong();
        // Exactly the declared length when there is one (then one more byte must not follow), else up to one byte over the limit.
        byte[] body = request.getInputStream().readNBytes((int) (declared >= 0 ? declared : Math.min(Integer.MAX_VALUE - 8, allowed + 1)));
        if (body.length > allowed) {
            refuse(response, allowed);
            return null;
        }
        return body;
    }

    private static boolean causedByLimit(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static void refuse(HttpServletResponse response, long allowed) throws IOException {
        Problems.write(response, 413, "body-too-large", "Request body too large",
                "The request body exceeds " + DataSize.ofBytes(allowed).toKilobytes() + " KB; send less per request.");
    }

    /** Thrown by the wrapped stream once the body passes the limit. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("request body too large");
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long allowed;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long allowed) {
            super(request);
            this.allowed = allowed;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream delegate = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int value = delegate.read();
                        if (value >= 0) {
                            count(1);
                        }
                        return value;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int count = delegate.read(buffer, offset, length);
                        if (count > 0) {
                            count(count);
                        }
                        return count;
                    }

                    private void count(int bytes) throws BodyTooLargeException {
                        read += bytes;
                        if (read > allowed) {
                            throw new BodyTooLargeException();
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return delegate.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return delegate.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        delegate.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
