package io.callvault.store;

import java.net.URI;
import java.util.Objects;

/**
 * Connection settings for an S3-compatible object store.
 *
 * @param endpointOverride endpoint of an S3-compatible server (MinIO, S3Proxy), or {@code null} for AWS
 * @param region signing region, e.g. {@code eu-west-1}
 * @param accessKey static access key, or {@code null} to use the AWS default credentials provider chain
 * @param secretKey static secret key; {@code null} exactly when {@code accessKey} is
 * @param pathStyle {@code true} for path-style addressing (needed by MinIO and S3Proxy)
 */
public record S3Settings(URI endpointOverride, String region, String accessKey, String secretKey, boolean pathStyle) {

    public S3Settings {
        Objects.requireNonNull(region, "region");
        if (region.isBlank()) {
            throw new IllegalArgumentException("S3 region must not be blank");
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException(
                    "S3 accessKey and secretKey must be given together (or both left empty to use the default credentials chain)");
        }
        if (endpointOverride != null && (endpointOverride.getScheme() == null || endpointOverride.getHost() == null)) {
            throw new IllegalArgumentException("S3 endpointOverride must be an absolute URI like http://127.0.0.1:9000, got: "
                    + endpointOverride);
        }
    }

    /** Settings for an S3-compatible server on {@code endpoint} with static keys and path-style access. */
    public static S3Settings compatible(URI endpoint, String region, String accessKey, String secretKey) {
        return new S3Settings(Objects.requireNonNull(endpoint, "endpoint"), region, accessKey, secretKey, true);
    }

    /** Whether static credentials are configured. */
    public boolean hasStaticCredentials() {
        return accessKey != null;
    }

    @Override
    public String toString() {
        return "S3Settings[endpointOverride=" + endpointOverride + ", region=" + region
                + ", accessKey=" + (accessKey == null ? "<default chain>" : accessKey)
                + ", secretKey=" + (secretKey == null ? "null" : "****") + ", pathStyle=" + pathStyle + "]";
    }
}
