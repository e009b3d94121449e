package io.callvault.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.apis.ApiMetadata;
import org.jclouds.blobstore.TransientApiMetadata;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.options.CreateContainerOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.domain.Location;
import org.jclouds.domain.LocationBuilder;
import org.jclouds.domain.LocationScope;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import software.amazon.awssdk.regions.Region;

/**
 * An in-process S3 server (S3Proxy) on 127.0.0.1 for the demo and integration tests.
 * Objects live under a directory (jclouds {@code filesystem} store) or in memory ({@code transient}).
 * Requests must be signed with AWS Signature V4 using {@link #accessKey()} / {@link #secretKey()};
 * clients use path-style addressing.
 */
public final class EmbeddedS3Server implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dataDir;
    private final int requestedPort;
    private final String accessKey;
    private final String secretKey;
    private BlobStoreContext context;
    private S3Proxy proxy;
    private URI endpoint;
    private Path tlsKeyStore;
    private String tlsKeyStorePassword;

    /** In memory when {@code dataDir} is null, on a free port with generated keys. */
    public EmbeddedS3Server(Path dataDir) {
        this(dataDir, 0, null, null);
    }

    /**
     * @param dataDir directory holding one sub-directory per bucket, or {@code null} for an in-memory store
     * @param port port to listen on, or 0 for a free port
     * @param accessKey access key, or {@code null} to generate one
     * @param secretKey secret key, or {@code null} to generate one
     */
    public EmbeddedS3Server(Path dataDir, int port, String accessKey, String secretKey) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        this.dataDir = dataDir;
        this.requestedPort = port;
        this.accessKey = accessKey != null ? accessKey : "callvault-" + randomHex(8);
        this.secretKey = secretKey != null ? secretKey : randomHex(20);
    }

    /**
     * Serves HTTPS instead of HTTP, with the key and certificate in {@code keyStore} (PKCS12 or JKS); call before
     * {@link #start()}. Clients must trust that certificate.
     */
    public synchronized EmbeddedS3Server tls(Path keyStore, String password) {
        this.tlsKeyStore = keyStore;
        this.tlsKeyStorePassword = password;
        return this;
    }

    /** Starts the server; returns {@code this}. */
    public synchronized EmbeddedS3Server start() throws IOException {
        if (proxy != null) {
            throw new IllegalStateException("S3 server already started");
        }
        Properties overrides = new Properties();
        ApiMetadata api = new TransientApiMetadata();
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, dataDir.toAbsolutePath().toString());
            api = new FilesystemApiMetadata();
        }
        // By API metadata, not by id: a lookup by id loads every registered provider, and S3Proxy
        // registers cloud back-ends whose jars are excluded from this build.
        BlobStoreContext ctx = ContextBuilder.newBuilder(api)
                .credentials("callvault", "callvault")
                .overrides(overrides)
                .modules(List.of(new SLF4JLoggingModule()))
                .build(BlobStoreContext.class);
        S3Proxy.Builder builder = S3Proxy.builder();
        if (tlsKeyStore == null) {
            builder.endpoint(URI.create("http://127.0.0.1:" + requestedPort));
        } else {
            builder.secureEndpoint(URI.create("https://127.0.0.1:" + requestedPort))
                    .keyStore(tlsKeyStore.toAbsolutePath().toString(), tlsKeyStorePassword);
        }
        S3Proxy started = builder
                .blobStore(new AnyRegionBlobStore(ctx.getBlobStore()))
                .awsAuthentication(AuthenticationType.AWS_V4, accessKey, secretKey)
                // no browser origin may call it (S3Proxy's default allows every origin)
                .corsRules(new CrossOriginResourceSharing(List.of(), List.of(), List.of(), List.of(), "false"))
                .build();
        try {
            started.start();
        } catch (Exception e) {
            ctx.close();
            throw new IOException("cannot start the embedded S3 server on 127.0.0.1:" + requestedPort + ": "
                    + e.getMessage(), e);
        }
        this.context = ctx;
        this.proxy = started;
        this.endpoint = tlsKeyStore == null ? URI.create("http://127.0.0.1:" + started.getPort())
                : URI.create("https://127.0.0.1:" + started.getSecurePort());
        return this;
    }

    /** The endpoint, e.g. {@code http://127.0.0.1:43127}; only after {@link #start()}. */
    public URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("S3 server not started");
        }
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Stops the server; the data directory stays. */
    @Override
    public synchronized void close() {
        try {
            if (proxy != null) {
                proxy.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the embedded S3 server", e);
        } finally {
            proxy = null;
            endpoint = null;
            if (context != null) {
                context.close();
                context = null;
            }
        }
    }

    /**
     * Accepts any AWS region as a bucket's location constraint, as MinIO does: the AWS SDK sends the
     * client's region when creating a bucket, and jclouds' local stores know no regions.
     */
    private static final class AnyRegionBlobStore extends ForwardingBlobStore {

        private final Set<Location> locations;

        AnyRegionBlobStore(BlobStore delegate) {
            super(delegate);
            Set<Location> all = new LinkedHashSet<>(delegate.listAssignableLocations());
            Location parent = all.isEmpty() ? null : all.iterator().next();
            for (Region region : Region.regions()) {
                all.add(new LocationBuilder().scope(LocationScope.REGION).id(region.id())
                        .description(region.id()).parent(parent).build());
            }
            this.locations = Set.copyOf(all);
        }

        @Override
        public Set<? extends Location> listAssignableLocations() {
            return locations;
        }

        @Override
        public boolean createContainerInLocation(Location location, String container) {
            return delegate().createContainerInLocation(null, container);
        }

        @Override
        public boolean createContainerInLocation(Location location, String container, CreateContainerOptions options) {
            return delegate().createContainerInLocation(null, container, options);
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
