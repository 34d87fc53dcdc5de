package dev.andon.server.statuspage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code andon.status.*} settings (also {@code ANDON_STATUS_*} environment variables), described in
 * docs/CONFIG.md. {@code publish-dir} is read by {@link StatusPublisher} itself; the bucket is off until
 * {@code s3.bucket} is set, and subscriptions need nothing but a working {@code andon.notify.smtp}.
 */
@ConfigurationProperties("andon.status")
public record StatusProperties(String publishDir, S3 s3, Subscriptions subscriptions) {

    public StatusProperties {
        s3 = s3 == null ? new S3(null, null, null, null, null, null, null) : s3;
        subscriptions = subscriptions == null ? new Subscriptions(0, null, 0, null) : subscriptions;
    }

    /**
     * An S3-compatible bucket every page is also published to, under {@code prefix + slug + "/"}. Without
     * {@code endpoint} it is AWS S3 in {@code region}; without an access key the AWS default credentials
     * (environment, profile, instance role) are used. Path-style addressing is the default with an endpoint,
     * as MinIO, Ceph, Garage and most other S3-compatible servers expect.
     */
    public record S3(String bucket, String endpoint, String region, String accessKey, String secretKey, String prefix, Boolean pathStyle) {
        public S3 {
            region = blank(region) ? "us-east-1" : region.strip();
            prefix = prefix == null ? "" : prefix.strip().replaceAll("^/+", "");
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
        }

        public boolean configured() {
            return !blank(bucket);
        }

        public boolean pathStyleAccess() {
            return pathStyle != null ? pathStyle : !blank(endpoint);
        }

        /** Never shows the secret key, so the settings can be logged. */
        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", accessKey=" + accessKey + ", secretKey="
                    + (blank(secretKey) ? "(none)" : "(set)") + ", prefix=" + prefix + ", pathStyle=" + pathStyleAccess() + "]";
        }
    }

    /**
     * Subscriptions: how many subscribe requests one client address may make per {@code window}; how many
     * times an email or webhook delivery is tried, the first retry {@code retryDelay} later and each
     * following one twice as late.
     */
    public record Subscriptions(int requestsPerWindow, Duration window, int maxAttempts, Duration retryDelay) {
        public Subscriptions {
            requestsPerWindow = requestsPerWindow <= 0 ? 5 : requestsPerWindow;
            window = window == null ? Duration.ofMinutes(15) : window;
            maxAttempts = maxAttempts <= 0 ? 8 : maxAttempts;
            retryDelay = retryDelay == null ? Duration.ofSeconds(10) : retryDelay;
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
