package dev.andon.probe;

import java.util.List;

/** The status codes an HTTP check accepts, parsed once from {@code 200}, {@code 2xx} and {@code 200-299} forms. */
final class HttpStatusRanges {
    /** Lowest and highest code of each range, side by side: {@code [200, 299, 304, 304]}. */
    private final int[] bounds;
    private final String text;

    private HttpStatusRanges(int[] bounds, String text) {
        this.bounds = bounds;
        this.text = text;
    }

    /** Parses every entry; the message of the IllegalArgumentException names the entry and the accepted forms. */
    static HttpStatusRanges parse(List<String> entries) {
        int[] bounds = new int[entries.size() * 2];
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String trimmed = entry == null ? "" : entry.strip();
            int low;
            int high;
            int dash = trimmed.indexOf('-');
            if (trimmed.length() == 3 && (trimmed.endsWith("xx") || trimmed.endsWith("XX"))) {
                low = code(trimmed.substring(0, 1) + "00", entry);
                high = low + 99;
            } else if (dash > 0) {
                low = code(trimmed.substring(0, dash).strip(), entry);
                high = code(trimmed.substring(dash + 1).strip(), entry);
                if (low > high) {
                    throw new IllegalArgumentException("\"" + entry + "\" is an empty range: write the lower code first");
                }
            } else {
                low = code(trimmed, entry);
                high = low;
            }
            bounds[2 * i] = low;
            bounds[2 * i + 1] = high;
        }
        return new HttpStatusRanges(bounds, String.join(", ", entries.stream().map(String::strip).toList()));
    }

    private static int code(String digits, String entry) {
        if (digits.length() == 3) {
            int code = 0;
            for (int i = 0; i < 3; i++) {
                char c = digits.charAt(i);
                if (c < '0' || c > '9') {
                    code = -1;
                    break;
                }
                code = code * 10 + (c - '0');
            }
            if (code >= 100 && code <= 599) {
                return code;
            }
        }
        throw new IllegalArgumentException("\"" + entry + "\" is not a status code (100-599), a class like 2xx or a range like 200-299");
    }

    boolean matches(int status) {
        for (int i = 0; i < bounds.length; i += 2) {
            if (status >= bounds[i] && status <= bounds[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** The entries as the user wrote them, for messages: {@code 200-399} or {@code 200, 204}. */
    @Override
    public String toString() {
        return text;
    }
}
