package dev.andon.server.statuspage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Publishes a page's files to an S3-compatible bucket under {@code prefix + slug + "/"}: uploads each file
 * whose content differs from the object there (compared by MD5, the ETag of a plain upload), with its
 * Content-Type and Cache-Control, and deletes objects the page no longer produces.
 */
final class StatusBucket implements AutoCloseable {
    private final StatusProperties.S3 settings;
    private final S3Client client;

    StatusBucket(StatusProperties.S3 settings) {
        this.settings = settings;
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .forcePathStyle(settings.pathStyleAccess())
                // Checksums only where S3 requires them: many S3-compatible servers do not understand the newer trailers.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint().strip()));
        }
        if (settings.accessKey() != null && !settings.accessKey().isBlank()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        this.client = builder.build();
    }

    /** Where the bucket is, for messages: never the credentials. */
    String describe() {
        return "s3://" + settings.bucket() + "/" + settings.prefix() + (settings.endpoint() == null ? "" : " at " + settings.endpoint());
    }

    /** Makes {@code prefix/slug/} hold exactly {@code files}; returns how many objects were uploaded or deleted. */
    int sync(String slug, Map<String, String> files) {
        String folder = settings.prefix() + slug + "/";
        Map<String, String> present = new HashMap<>();
        for (S3Object object : client.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(settings.bucket()).prefix(folder).build()).contents()) {
            present.put(object.key(), object.eTag() == null ? "" : object.eTag().replace("\"", ""));
        }
        int changes = 0;
        for (Map.Entry<String, String> file : files.entrySet()) {
            String key = folder + file.getKey();
            byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
            String etag = present.remove(key);
            if (md5(bytes).equalsIgnoreCase(etag == null ? "" : etag)) {
                continue;
            }
            client.putObject(put -> put.bucket(settings.bucket()).key(key).contentType(contentType(file.getKey()))
                    .cacheControl(PublicStatusPages.CACHE_CONTROL), RequestBody.fromBytes(bytes));
            changes++;
        }
        for (String stale : present.keySet()) {
            client.deleteObject(delete -> delete.bucket(settings.bucket()).key(stale));
            changes++;
        }
        return changes;
    }

    /** Removes every object of a deleted page. */
    int remove(String slug) {
        return sync(slug, Map.of());
    }

    static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=UTF-8";
        } else if (file.endsWith(".json")) {
            return "application/json; charset=UTF-8";
        } else if (file.endsWith(".rss")) {
            return "application/rss+xml; charset=UTF-8";
        } else if (file.endsWith(".atom")) {
            return "application/atom+xml; charset=UTF-8";
        }
        return "application/octet-stream";
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
