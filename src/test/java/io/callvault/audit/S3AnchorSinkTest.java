package io.callvault.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.demo.EmbeddedS3Server;
import io.callvault.store.ObjectLock;
import io.callvault.store.ObjectStore;
import io.callvault.store.S3Clients;
import io.callvault.store.S3Settings;
import io.callvault.testing.MutableClock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Anchors in an S3 bucket, on S3Proxy. S3Proxy has no Object Lock and no versioning (it answers 501), so the
 * lock headers and the listing of hidden versions are checked through a client that claims them and passes
 * everything else to S3Proxy; against AWS S3 or MinIO they are the real thing.
 */
class S3AnchorSinkTest {
  static final String BUCKET = "callvault-audit";

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2024-03-15T10:00:00Z"));
  EmbeddedS3Server server;
  S3Client s3;
  CatalogSettings db;
  Catalog catalog;
  AuditTrail trail;
  final List<PutObjectRequest> puts = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new EmbeddedS3Server(null).start();
    s3 = S3Clients.build(S3Settings.compatible(server.endpoint(), "us-east-1", server.accessKey(), server.secretKey()));
    s3.createBucket(b -> b.bucket(BUCKET));
    db = new CatalogSettings("jdbc:h2:file:" + dir.resolve("callvault") + ";AUTO_SERVER=FALSE", null, null);
    catalog = Catalog.open(db);
    trail = new AuditTrail(catalog, clock);
  }

  @AfterEach
  void stop() {
    catalog.close();
    s3.close();
    server.close();
  }

  @Test
  void anchorsInABucketAloneCatchATrailCutAndAreNeverOverwritten() throws Exception {
    AuditAnchors anchors = anchors(new ObjectStore(s3));
    append(12);
    Anchor anchor = anchors.anchorNow(AuditAnchors.SCHEDULED).orElseThrow();
    String key = "audit-anchors/" + anchor.fileName();
    assertThat(anchor.source()).isEqualTo("s3://" + BUCKET + "/" + key);
    assertThat(new ObjectStore(s3).objectLockEnabled(BUCKET)).as("S3Proxy has no Object Lock").isFalse();

    assertThatThrownBy(() -> new ObjectStore(s3).putNew(BUCKET, key, new byte[] {1}, null))
        .hasMessageContaining("HTTP 412").hasMessageContaining("never overwritten");
    new TrailWriter(db, trail).truncateAndMoveHead(9);

    VerifyResult result = anchors.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.contradictedAnchor().location()).isEqualTo("s3://" + BUCKET + "/" + key);
    assertThat(result.problem()).startsWith("the trail ends at entry 9, but anchor s3://" + BUCKET + "/" + key);
  }

  @Test
  void bucketWithObjectLockGetsEveryAnchorLockedForTheRetention() {
    AuditAnchors anchors = anchors(new ObjectStore(claiming(true, false)));
    append(3);

    anchors.anchorNow(AuditAnchors.SCHEDULED).orElseThrow();

    assertThat(puts).singleElement().satisfies(p -> {
      assertThat(p.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
      assertThat(p.objectLockRetainUntilDate()).isEqualTo(Instant.parse("2034-03-15T10:00:00Z"));
      assertThat(p.ifNoneMatch()).isEqualTo("*");
      assertThat(p.contentMD5()).isNotBlank();
    });
  }

  @Test
  void anchorHiddenByADeleteMarkerInAVersionedBucketIsStillChecked() throws Exception {
    append(5);
    Anchor anchor = anchors(new ObjectStore(s3)).anchorNow(AuditAnchors.SCHEDULED).orElseThrow();
    new TrailWriter(db, trail).deleteAll();

    VerifyResult result = anchors(new ObjectStore(claiming(false, true))).verify();

    assertThat(result.intact()).isFalse();
    assertThat(result.contradictedAnchor().location()).isEqualTo(anchor.source()
        + " (version v1, hidden by a newer version or a delete marker)");
  }

  private AuditAnchors anchors(ObjectStore store) {
    AnchorSettings s = new AnchorSettings(null, dir.resolve("keys/audit-anchor.key"), null, null, BUCKET,
        "audit-anchors/", ObjectLock.Mode.GOVERNANCE, Period.ofYears(10), "hub-1", "test.properties");
    return AuditAnchors.open(s, trail, store, clock, true);
  }

  private void append(int n) {
    for (int i = 0; i < n; i++) {
      trail.append("system", AuditAction.ACCESS, "rec_" + i, null);
    }
  }

  /**
   * S3Proxy behind a client that claims Object Lock on the bucket (recording each put and stripping the lock
   * headers S3Proxy refuses) or versioning (listing every object as a version hidden by a delete marker).
   */
  private S3Client claiming(boolean objectLock, boolean versioned) {
    InvocationHandler h = (proxy, method, args) -> {
      switch (method.getName()) {
        case "getObjectLockConfiguration" -> {
          return GetObjectLockConfigurationResponse.builder().objectLockConfiguration(ObjectLockConfiguration.builder()
              .objectLockEnabled(objectLock ? ObjectLockEnabled.ENABLED : null).build()).build();
        }
        case "getBucketVersioning" -> {
          return GetBucketVersioningResponse.builder()
              .status(versioned ? BucketVersioningStatus.ENABLED : null).build();
        }
        case "putObject" -> {
          if (args[0] instanceof PutObjectRequest p) {
            puts.add(p);
            return s3.putObject(p.toBuilder().objectLockMode((String) null).objectLockRetainUntilDate(null).build(),
                (RequestBody) args[1]);
          }
        }
        case "listObjectVersions" -> {
          if (args[0] instanceof software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest r) {
            return ListObjectVersionsResponse.builder().isTruncated(false).versions(
                s3.listObjectsV2(b -> b.bucket(r.bucket()).prefix(r.prefix())).contents().stream()
                    .map(o -> ObjectVersion.builder().key(o.key()).versionId("v1").isLatest(false).build()).toList())
                .build();
          }
        }
        case "getObject" -> {
          if (args.length == 1 && args[0] instanceof GetObjectRequest g) {
            return s3.getObject(g.toBuilder().versionId(null).build());
          }
        }
        default -> { }
      }
      boolean convenience = method.getName().endsWith("Paginator")
          || args != null && args.length > 0 && args[0] instanceof java.util.function.Consumer<?>;
      if (convenience) { // builds the request, then calls back through this proxy
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      try {
        return method.invoke(s3, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, h);
  }
}
