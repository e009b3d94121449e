package io.callvault.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.callvault.store.S3Clients;
import io.callvault.store.S3Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** EmbeddedS3Server spoken to with the AWS SDK v2. */
class EmbeddedS3ServerTest {

    @TempDir
    Path dir;

    @Test
    void requestSignedWithAnotherSecretIsRejected() throws Exception {
        try (EmbeddedS3Server server = new EmbeddedS3Server(null).start();
             S3Client wrong = S3Clients.build(S3Settings.compatible(server.endpoint(), "us-east-1",
                     server.accessKey(), server.secretKey() + "x"))) {
            assertThatThrownBy(wrong::listBuckets)
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void inMemoryStoreKeepsObjectsWhileRunning() throws Exception {
        try (EmbeddedS3Server server = new EmbeddedS3Server(null).start(); S3Client s3 = client(server)) {
            s3.createBucket(b -> b.bucket("quality"));
            s3.putObject(b -> b.bucket("quality").key("a/b.pgp"), RequestBody.fromString("ciphertext"));

            assertThat(s3.getObjectAsBytes(b -> b.bucket("quality").key("a/b.pgp")).asUtf8String())
                    .isEqualTo("ciphertext");
        }
    }

    @Test
    void filesystemStoreKeepsObjectsAcrossRestarts() throws Exception {
        Path data = dir.resolve("s3");
        try (EmbeddedS3Server first = new EmbeddedS3Server(data, 0, "demo-access", "demo-secret-key").start();
             S3Client s3 = client(first)) {
            s3.createBucket(b -> b.bucket("legal"));
            s3.putObject(b -> b.bucket("legal").key("x.pgp"), RequestBody.fromString("kept"));
        }

        try (EmbeddedS3Server second = new EmbeddedS3Server(data, 0, "demo-access", "demo-secret-key").start();
             S3Client s3 = client(second)) {
            assertThat(second.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(s3.getObjectAsBytes(b -> b.bucket("legal").key("x.pgp")).asUtf8String()).isEqualTo("kept");
        }
        assertThat(data.resolve("legal")).isDirectory();
    }

    private static S3Client client(EmbeddedS3Server server) {
        return S3Clients.build(S3Settings.compatible(server.endpoint(), "eu-central-1", server.accessKey(),
                server.secretKey()));
    }
}
