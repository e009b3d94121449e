package io.callvault.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.callvault.config.ConfigException;
import io.callvault.demo.EmbeddedS3Server;
import io.callvault.health.DependencyDownException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The hub's S3 check against a real S3 server (S3Proxy): what may pass by itself, and what must be fixed. */
class BucketCheckTest {
  private static final List<BucketCheck.Target> TARGETS = List.of(
      new BucketCheck.Target("callvault-training", "training", false),
      new BucketCheck.Target("callvault-quality", "quality", false));

  @TempDir Path dir;
  private EmbeddedS3Server server;

  @BeforeEach
  void start() throws Exception {
    server = new EmbeddedS3Server(dir.resolve("s3")).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private BucketCheck check(URI endpoint, String secret, boolean create) {
    S3Client s3 = S3Clients.build(S3Settings.compatible(endpoint, "us-east-1", server.accessKey(), secret));
    return new BucketCheck(new ObjectStore(s3), TARGETS, create, endpoint + " (s3.endpoint)", "application.properties");
  }

  @Test
  void withCreateBucketsTheCheckCreatesEveryPurposeBucketAndPassesAgainAfterwards() {
    BucketCheck check = check(server.endpoint(), server.secretKey(), true);

    check.run();
    check.run();

    S3Client s3 = S3Clients.build(S3Settings.compatible(server.endpoint(), "us-east-1", server.accessKey(),
        server.secretKey()));
    assertThat(new ObjectStore(s3).bucketExists("callvault-quality")).isTrue();
  }

  @Test
  void aMissingBucketWithoutCreateBucketsIsDownNamingTheBucketPurposeAndTheFix() {
    DependencyDownException e = catchThrowableOfType(DependencyDownException.class,
        () -> check(server.endpoint(), server.secretKey(), false).run());

    assertThat(e.getMessage()).contains("callvault-training").contains("purpose training")
        .contains("s3.create-buckets=true");
  }

  @Test
  void anUnreachableServerIsDownNamingS3Endpoint() throws Exception {
    URI closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }

    DependencyDownException e = catchThrowableOfType(DependencyDownException.class,
        () -> check(closed, server.secretKey(), true).run());

    assertThat(e.getMessage()).contains(closed + " (s3.endpoint)").contains("cannot be reached");
  }

  @Test
  void aWrongSecretKeyIsAConfigurationErrorNamingTheKeyAndTheFix() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> check(server.endpoint(), "not-the-secret-key-0000", true).run());

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.where()).isEqualTo("s3.access-key");
      assertThat(p.fix()).contains("s3.secret-key");
      assertThat(p.problem()).doesNotContain("not-the-secret-key");
    });
  }
}
