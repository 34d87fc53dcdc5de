package dev.andon.server.statuspage;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/** An S3-compatible server in the test JVM (s3proxy over jclouds' in-memory blob store), with SigV4 and one bucket. */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS_KEY = "andon-test-access";
    static final String SECRET_KEY = "andon-test-secret-do-not-log";
    static final String BUCKET = "status";

    private final BlobStoreContext context;
    private final S3Proxy proxy;

    S3ProxyServer() throws Exception {
        context = ContextBuilder.newBuilder("transient").credentials("identity", "credential").overrides(new Properties())
                .build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    BlobStore blobStore() {
        return context.getBlobStore();
    }

    StatusProperties.S3 settings(String prefix) {
        return new StatusProperties.S3(BUCKET, endpoint(), "us-east-1", ACCESS_KEY, SECRET_KEY, prefix, null);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
