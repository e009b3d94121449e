package io.callvault.store;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds {@link S3Client}s that work against AWS S3, MinIO and S3Proxy alike. */
public final class S3Clients {

    private S3Clients() {
    }

    /**
     * Builds a synchronous client (Apache HTTP client) from {@code settings}.
     * Checksums are computed and validated only when an operation requires them, because SDK 2.30+
     * otherwise sends CRC checksum trailers that S3-compatible servers may reject.
     */
    public static S3Client build(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .httpClientBuilder(ApacheHttpClient.builder())
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(credentials(settings))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new UploadChecksum()));
        if (settings.endpointOverride() != null) {
            builder.endpointOverride(settings.endpointOverride());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
