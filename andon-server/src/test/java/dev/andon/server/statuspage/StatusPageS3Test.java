package dev.andon.server.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Publishing to an S3-compatible bucket, against s3proxy in this JVM: types, caching headers, only changes uploaded, stale files deleted. */
class StatusPageS3Test {
    private static S3ProxyServer server;
    private static S3Client reader;

    @BeforeAll
    static void start() throws Exception {
        server = new S3ProxyServer();
        reader = S3Client.builder().region(Region.US_EAST_1).forcePathStyle(true).httpClientBuilder(UrlConnectionHttpClient.builder())
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .endpointOverride(java.net.URI.create(server.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        reader.close();
        server.close();
    }

    @Test
    void syncUploadsChangedFilesWithTheirTypesAndDeletesStaleOnes() {
        try (StatusBucket bucket = new StatusBucket(server.settings("pages"))) {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("index.html", "<h1>All Systems Operational</h1>");
            files.put("api/v2/summary.json", "{\"status\":{}}");
            files.put("history.rss", "<rss/>");
            files.put("history.atom", "<feed/>");
            files.put("old.json", "{}");
            assertThat(bucket.sync("shop", files)).isEqualTo(5);

            ResponseBytes<GetObjectResponse> index = reader.getObjectAsBytes(get -> get.bucket(S3ProxyServer.BUCKET).key("pages/shop/index.html"));
            assertThat(index.asString(StandardCharsets.UTF_8)).isEqualTo("<h1>All Systems Operational</h1>");
            assertThat(type(index.response().contentType())).isEqualTo("text/html;charset=utf-8");
            assertThat(index.response().cacheControl()).isEqualTo(PublicStatusPages.CACHE_CONTROL);
            assertThat(type(reader.headObject(head -> head.bucket(S3ProxyServer.BUCKET).key("pages/shop/api/v2/summary.json")).contentType()))
                    .isEqualTo("application/json;charset=utf-8");
            assertThat(type(reader.headObject(head -> head.bucket(S3ProxyServer.BUCKET).key("pages/shop/history.rss")).contentType()))
                    .isEqualTo("application/rss+xml;charset=utf-8");
            assertThat(type(reader.headObject(head -> head.bucket(S3ProxyServer.BUCKET).key("pages/shop/history.atom")).contentType()))
                    .isEqualTo("application/atom+xml;charset=utf-8");

            assertThat(bucket.sync("shop", files)).as("nothing changed").isZero();
            files.put("index.html", "<h1>Partial Outage</h1>");
            files.remove("old.json");
            assertThat(bucket.sync("shop", files)).as("one upload, one deletion").isEqualTo(2);
            assertThat(keys("pages/shop/")).containsExactlyInAnyOrder("pages/shop/index.html", "pages/shop/api/v2/summary.json",
                    "pages/shop/history.rss", "pages/shop/history.atom");
            assertThat(reader.getObjectAsBytes(get -> get.bucket(S3ProxyServer.BUCKET).key("pages/shop/index.html")).asString(StandardCharsets.UTF_8))
                    .contains("Partial Outage");

            assertThat(bucket.remove("shop")).isEqualTo(4);
            assertThat(keys("pages/shop/")).isEmpty();
        }
    }

    @Test
    void settingsNeverShowTheSecretKey() {
        StatusProperties.S3 settings = server.settings("");
        assertThat(settings.toString()).doesNotContain(S3ProxyServer.SECRET_KEY).contains("secretKey=(set)");
        assertThat(settings.pathStyleAccess()).isTrue();
        assertThat(new StatusProperties.S3("b", null, null, null, null, "x", null).pathStyleAccess()).isFalse();
        assertThat(new StatusProperties.S3("b", null, null, null, null, "/x", null).prefix()).isEqualTo("x/");
        try (StatusBucket bucket = new StatusBucket(settings)) {
            assertThat(bucket.describe()).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain(S3ProxyServer.ACCESS_KEY);
        }
    }

    /** Jetty under s3proxy normalizes the type it stores ("text/html;charset=utf-8"); S3 keeps it as sent. */
    private static String type(String contentType) {
        return contentType.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static java.util.List<String> keys(String prefix) {
        return reader.listObjectsV2Paginator(list -> list.bucket(S3ProxyServer.BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }
}
