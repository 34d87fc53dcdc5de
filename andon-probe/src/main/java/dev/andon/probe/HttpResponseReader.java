package dev.andon.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one HTTP/1.1 response from a socket through its own buffer, within fixed limits: at most
 * {@value #MAX_HEAD_BYTES} bytes of status line and headers and at most a given number of body
 * bytes. Parses bytes in place; only the few header values the probe uses become strings.
 */
final class HttpResponseReader {
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** A chunk-size line is a hex number and perhaps extensions: a few bytes in practice. */
    private static final int MAX_CHUNK_LINE_BYTES = 4 * 1024;
    private static final byte[] HTTP_PREFIX = {'H', 'T', 'T', 'P', '/'};

    private static final int LINE = 1;
    private static final int END_OF_STREAM = 0;
    private static final int TOO_LONG = -1;

    private final InputStream input;
    private final boolean keepHeaders;
    private byte[] buffer = new byte[8 * 1024];
    private int position;
    private int limit;
    private int lineStart;
    private int lineEnd;
    private int headBytes;

    private int status;
    private long contentLength;
    private boolean transferEncoded;
    private boolean chunked;
    private String location;
    private String contentType;
    private Map<String, String> headers;

    private boolean collectBody;
    private int bodyLimit;
    private byte[] body;
    private int bodyLength;
    private boolean truncated;

    /** @param keepHeaders whether to keep every header for {@link #header}; otherwise only the few the probe needs */
    HttpResponseReader(InputStream input, boolean keepHeaders) {
        this.input = input;
        this.keepHeaders = keepHeaders;
    }

    /** A response that does not follow HTTP/1.1; {@link #phase()} says whether its first bytes or its rest were wrong. */
    static final class MalformedResponseException extends IOException {
        private final String phase;

        MalformedResponseException(String phase, String message) {
            super(message);
            this.phase = phase;
        }

        String phase() {
            return phase;
        }
    }

    /** Waits for the first byte of the response; false when the peer closed the connection without sending one. */
    boolean awaitFirstByte() throws IOException {
        while (position == limit) {
            if (fill() < 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads the status line and headers of the final response, skipping interim 1xx responses. */
    void readHead() throws IOException {
        do {
            contentLength = -1;
            transferEncoded = false;
            chunked = false;
            location = null;
            contentType = null;
            headers = null;
            readStatusLine();
            readHeaders();
        } while (status >= 100 && status < 200 && status != 101);
    }

    int status() {
        return status;
    }

    /** The Location header, or null. */
    String location() {
        return location;
    }

    String contentType() {
        return contentType;
    }

    /** The value of a header by its lower-case name, repeated headers joined with ", "; only when kept. */
    String header(String lowerCaseName) {
        return headers == null ? null : headers.get(lowerCaseName);
    }

    /**
     * Reads the body, but never more than {@code maxBytes} of it: the rest is left unread and the
     * body marked truncated. With {@code collect} false the bytes are only counted.
     *
     * @param hasBody false for a HEAD request and for 204 and 304 answers, which have no body
     */
    void readBody(boolean hasBody, boolean collect, int maxBytes) throws IOException {
        collectBody = collect;
        bodyLimit = maxBytes;
        if (!hasBody) {
            return;
        }
        if (chunked) {
            readChunkedBody();
        } else if (contentLength >= 0 && !transferEncoded) {
            readFixedBody(contentLength);
        } else {
            readBodyUntilClose();
        }
    }

    /** How many body bytes were read. */
    int bodyLength() {
        return bodyLength;
    }

    /** Whether the body went on past the limit given to {@link #readBody}. */
    boolean truncated() {
        return truncated;
    }

    /** The collected body as text. */
    String bodyText(Charset charset) {
        return body == null ? "" : new String(body, 0, bodyLength, charset);
    }

    private void readStatusLine() throws IOException {
        checkHttpPrefix();
        int result = readHeadLine();
        if (result == TOO_LONG) {
            throw new MalformedResponseException(Phase.TRANSFER, "malformed response: headers too large");
        }
        if (result == END_OF_STREAM) {
            throw new MalformedResponseException(Phase.TRANSFER, "malformed response: connection closed in the status line");
        }
        // "HTTP/1.1 200 OK": a version without spaces, then three digits, then an optional reason.
        int space = indexOf((byte) ' ', lineStart, lineEnd);
        int code = -1;
        if (space > 0 && space + 4 <= lineEnd && (space + 4 == lineEnd || buffer[space + 4] == ' ')) {
            code = 0;
            for (int i = space + 1; i <= space + 3; i++) {
                byte digit = buffer[i];
                if (digit < '0' || digit > '9') {
                    code = -1;
                    break;
                }
                code = code * 10 + (digit - '0');
            }
        }
        if (code < 100 || code > 599) {
            throw new MalformedResponseException(Phase.FIRST_BYTE, "malformed status line \""
                    + printable(lineStart, Math.min(lineEnd, lineStart + 40)) + "\"");
        }
        status = code;
    }

    /**
     * Compares what has arrived with "HTTP/" before waiting for a whole line: a peer speaking
     * another protocol may never send a newline, and should fail now rather than at the deadline.
     */
    private void checkHttpPrefix() throws IOException {
        while (true) {
            int available = limit - position;
            for (int i = 0; i < Math.min(available, HTTP_PREFIX.length); i++) {
                if (buffer[position + i] != HTTP_PREFIX[i]) {
                    throw new MalformedResponseException(Phase.FIRST_BYTE, notHttp());
                }
            }
            if (available >= HTTP_PREFIX.length) {
                return;
            }
            if (fill() < 0) {
                throw new MalformedResponseException(Phase.FIRST_BYTE, available == 0
                        ? "connection closed without a response"
                        : "not an HTTP response: connection closed after \"" + printable(position, limit) + "\"");
            }
        }
    }

    private String notHttp() {
        byte first = buffer[position];
        if (first == 0x15 || first == 0x16) {
            // A TLS record (alert or handshake): the URL says http:// to a TLS port.
            return "not an HTTP response: the server answered with TLS (use https://)";
        }
        return "not an HTTP response: starts with \"" + printable(position, Math.min(limit, position + 24)) + "\"";
    }

    private void readHeaders() throws IOException {
        while (true) {
            int result = readHeadLine();
            if (result == TOO_LONG) {
                throw new MalformedResponseException(Phase.TRANSFER, "malformed response: headers too large");
            }
            if (result == END_OF_STREAM) {
                throw new MalformedResponseException(Phase.TRANSFER, "malformed response: connection closed in the headers");
            }
            if (lineStart == lineEnd) {
                return;
            }
            byte first = buffer[lineStart];
            if (first == ' ' || first == '\t') {
                // An obsolete folded continuation line; none of the headers the probe reads use it.
                continue;
            }
            int colon = indexOf((byte) ':', lineStart, lineEnd);
            if (colon <= lineStart) {
                throw new MalformedResponseException(Phase.TRANSFER, "malformed response: header line \""
                        + printable(lineStart, Math.min(lineEnd, lineStart + 40)) + "\" has no name");
            }
            int nameEnd = colon;
            while (nameEnd > lineStart && isSpace(buffer[nameEnd - 1])) {
                nameEnd--;
            }
            int valueStart = colon + 1;
            int valueEnd = lineEnd;
            while (valueStart < valueEnd && isSpace(buffer[valueStart])) {
                valueStart++;
            }
            while (valueEnd > valueStart && isSpace(buffer[valueEnd - 1])) {
                valueEnd--;
            }
            header(lineStart, nameEnd, valueStart, valueEnd);
        }
    }

    private void header(int nameStart, int nameEnd, int valueStart, int valueEnd) throws MalformedResponseException {
        if (nameIs(nameStart, nameEnd, "content-length")) {
            long length = parseContentLength(valueStart, valueEnd);
            if (contentLength >= 0 && contentLength != length) {
                throw new MalformedResponseException(Phase.TRANSFER, "malformed response: two different Content-Length headers");
            }
            contentLength = length;
        } else if (nameIs(nameStart, nameEnd, "transfer-encoding")) {
            transferEncoded = true;
            // Chunked must be the last coding applied; anything else is read until the connection closes.
            chunked = valueEnd - valueStart >= 7 && nameIs(valueEnd - 7, valueEnd, "chunked");
        } else if (nameIs(nameStart, nameEnd, "location")) {
            location = new String(buffer, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
        } else if (nameIs(nameStart, nameEnd, "content-type")) {
            contentType = new String(buffer, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
        }
        if (keepHeaders) {
            if (headers == null) {
                headers = new HashMap<>();
            }
            String name = lowerCase(nameStart, nameEnd);
            String value = new String(buffer, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
            headers.merge(name, value, (earlier, later) -> earlier + ", " + later);
        }
    }

    private long parseContentLength(int start, int end) throws MalformedResponseException {
        long length = 0;
        if (start == end || end - start > 18) {
            length = -1;
        }
        for (int i = start; i < end && length >= 0; i++) {
            byte digit = buffer[i];
            length = digit >= '0' && digit <= '9' ? length * 10 + (digit - '0') : -1;
        }
        if (length < 0) {
            throw new MalformedResponseException(Phase.TRANSFER, "malformed response: invalid Content-Length \""
                    + printable(start, Math.min(end, start + 40)) + "\"");
        }
        return length;
    }

    private void readFixedBody(long length) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            if (bodyLength == bodyLimit) {
                truncated = true;
                return;
            }
            int read = transfer((int) Math.min(remaining, bodyLimit - bodyLength), length);
            if (read < 0) {
                throw new MalformedResponseException(Phase.TRANSFER, "connection closed after " + (length - remaining)
                        + " of " + length + " body bytes");
            }
            remaining -= read;
        }
    }

    private void readChunkedBody() throws IOException {
        while (true) {
            int result = readLine(MAX_CHUNK_LINE_BYTES, false);
            if (result != LINE) {
                throw new MalformedResponseException(Phase.TRANSFER, result == TOO_LONG
                        ? "malformed response: chunk size line too long"
                        : "connection closed in the middle of a chunked body");
            }
            long size = parseChunkSize();
            if (size == 0) {
                // Trailers are not read: the connection closes after this response anyway.
                return;
            }
            long remaining = size;
            while (remaining > 0) {
                if (bodyLength == bodyLimit) {
                    truncated = true;
                    return;
                }
                int read = transfer((int) Math.min(remaining, bodyLimit - bodyLength), -1);
                if (read < 0) {
                    throw new MalformedResponseException(Phase.TRANSFER, "connection closed in the middle of a chunked body");
                }
                remaining -= read;
            }
            if (readLine(MAX_CHUNK_LINE_BYTES, false) != LINE || lineStart != lineEnd) {
                throw new MalformedResponseException(Phase.TRANSFER, "malformed response: chunk data not followed by a line end");
            }
        }
    }

    private long parseChunkSize() throws MalformedResponseException {
        long size = 0;
        int digits = 0;
        int i = lineStart;
        for (; i < lineEnd; i++) {
            int value = Character.digit(buffer[i], 16);
            if (value < 0) {
                break;
            }
            size = size * 16 + value;
            digits++;
        }
        // Chunk extensions (";name=value") may follow the size; nothing else may.
        while (i < lineEnd && isSpace(buffer[i])) {
            i++;
        }
        if (digits == 0 || digits > 15 || (i < lineEnd && buffer[i] != ';')) {
            throw new MalformedResponseException(Phase.TRANSFER, "malformed response: invalid chunk size \""
                    + printable(lineStart, Math.min(lineEnd, lineStart + 40)) + "\"");
        }
        return size;
    }

    private void readBodyUntilClose() throws IOException {
        while (true) {
            if (bodyLength == bodyLimit) {
                // Either more follows or the body is exactly the limit; telling them apart would mean waiting for more.
                truncated = true;
                return;
            }
            if (transfer(bodyLimit - bodyLength, -1) < 0) {
                return;
            }
        }
    }

    /**
     * Moves up to {@code wanted} body bytes, from the buffer first, then straight from the socket
     * into the body (or, when only counting, into the buffer that is then reused).
     *
     * @param expectedLength the announced length, to size the body once; -1 when unknown
     * @return the bytes moved, or -1 at the end of the stream
     */
    private int transfer(int wanted, long expectedLength) throws IOException {
        int buffered = limit - position;
        if (buffered > 0) {
            int moved = Math.min(wanted, buffered);
            if (collectBody) {
                ensureBodyCapacity(bodyLength + moved, expectedLength);
                System.arraycopy(buffer, position, body, bodyLength, moved);
            }
            position += moved;
            bodyLength += moved;
            return moved;
        }
        int read;
        if (collectBody) {
            ensureBodyCapacity(bodyLength + 1, expectedLength);
            read = input.read(body, bodyLength, Math.min(wanted, body.length - bodyLength));
        } else {
            position = 0;
            limit = 0;
            read = input.read(buffer, 0, Math.min(wanted, buffer.length));
        }
        if (read > 0) {
            bodyLength += read;
        }
        return read;
    }

    private void ensureBodyCapacity(int needed, long expectedLength) {
        if (body == null) {
            // An announced length sizes the body at once, but a lying server cannot make it allocate more than 1 MiB up front.
            long initial = expectedLength >= 0 ? Math.min(expectedLength, 1024 * 1024) : 8 * 1024;
            body = new byte[(int) Math.min(bodyLimit, Math.max(needed, initial))];
        } else if (needed > body.length) {
            body = Arrays.copyOf(body, (int) Math.min(bodyLimit, Math.max(needed, 2L * body.length)));
        }
    }

    /**
     * Finds the next line, from the buffer or by reading more, and sets {@link #lineStart} and
     * {@link #lineEnd} around it without its CR LF. Lines in the head count toward {@link #MAX_HEAD_BYTES}.
     *
     * @param budget how many bytes, line end included, the line may take
     */
    private int readLine(int budget, boolean inHead) throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = position + scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int length = i + 1 - position;
                    if (length > budget) {
                        return TOO_LONG;
                    }
                    lineStart = position;
                    lineEnd = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
                    position = i + 1;
                    if (inHead) {
                        headBytes += length;
                    }
                    return LINE;
                }
            }
            scanned = limit - position;
            if (scanned >= budget) {
                return TOO_LONG;
            }
            if (fill() < 0) {
                return END_OF_STREAM;
            }
        }
    }

    private int readHeadLine() throws IOException {
        return readLine(MAX_HEAD_BYTES - headBytes, true);
    }

    /** Reads more bytes after those buffered, making room first; -1 at the end of the stream. */
    private int fill() throws IOException {
        if (limit == buffer.length) {
            if (position > 0) {
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                limit -= position;
                position = 0;
            } else {
                // One line longer than the buffer; readLine's budget bounds how far this grows.
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
        }
        int read = input.read(buffer, limit, buffer.length - limit);
        if (read > 0) {
            limit += read;
        }
        return read;
    }

    private int indexOf(byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Compares buffer bytes with a lower-case ASCII name, ignoring case, without making a string. */
    private boolean nameIs(int start, int end, String lowerCaseName) {
        if (end - start != lowerCaseName.length()) {
            return false;
        }
        for (int i = 0; i < lowerCaseName.length(); i++) {
            int c = buffer[start + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCaseName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String lowerCase(int start, int end) {
        byte[] name = Arrays.copyOfRange(buffer, start, end);
        for (int i = 0; i < name.length; i++) {
            if (name[i] >= 'A' && name[i] <= 'Z') {
                name[i] += 'a' - 'A';
            }
        }
        return new String(name, StandardCharsets.ISO_8859_1);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    /** Bytes for a message: printable ASCII as is, anything else as \xNN. */
    private String printable(int start, int end) {
        StringBuilder text = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            int c = buffer[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                text.append((char) c);
            } else {
                text.append(String.format("\\x%02x", c));
            }
        }
        return text.toString();
    }
}
