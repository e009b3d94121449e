package io.callvault.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Version-aware erasure and Object Lock on upload, against a small in-memory S3 that keeps versions
 * and delete markers (S3Proxy implements neither, so these paths cannot be shown against it).
 */
class ObjectStoreVersionsTest {

  @TempDir Path dir;

  @Test
  void deleteAllRemovesEveryVersionAndDeleteMarkerOfEachKeyButNoOtherKey() {
    FakeS3 s3 = new FakeS3(BucketVersioningStatus.ENABLED);
    s3.put("a/rec1.gpg", "v1", false);
    s3.put("a/rec1.gpg", "v2", false);
    s3.put("a/rec1.gpg", "dm3", true);
    s3.put("a/rec1.gpg.bak", "other", false); // shares the prefix, must survive
    s3.put("a/rec2.gpg", "v1", false);

    DeleteOutcome out = new ObjectStore(s3).deleteAll("b", List.of("a/rec1.gpg", "a/rec2.gpg", "a/missing"));

    assertThat(out.versioning()).isEqualTo(DeleteOutcome.Versioning.VERSIONED);
    assertThat(out.deleted()).containsExactly("a/rec1.gpg", "a/rec2.gpg", "a/missing");
    assertThat(out.failed()).isEmpty();
    assertThat(out.versionsRemoved()).isEqualTo(4);
    assertThat(s3.versions).containsOnlyKeys("a/rec1.gpg.bak");
    assertThat(s3.listRequests).as("pages of two entries were followed").isGreaterThan(3);
    assertThat(s3.deletedIds).allMatch(id -> id.versionId() != null);
  }

  @Test
  void aDeleteMarkerAloneIsNotErasureOnAVersionedBucket() {
    FakeS3 s3 = new FakeS3(BucketVersioningStatus.SUSPENDED);
    s3.put("k", "v1", false);

    new ObjectStore(s3).deleteAll("b", List.of("k"));

    assertThat(s3.versions).doesNotContainKey("k");
    assertThat(s3.deletedIds).containsExactly(ObjectIdentifier.builder().key("k").versionId("v1").build());
  }

  @Test
  void moreThanAThousandVersionsAreDeletedInRequestsOfAtMostAThousand() {
    FakeS3 s3 = new FakeS3(BucketVersioningStatus.ENABLED);
    List<String> keys = IntStream.range(0, 2500).mapToObj(i -> "k" + i).toList();
    keys.forEach(k -> s3.put(k, "v1", false));

    DeleteOutcome out = new ObjectStore(s3).deleteAll("b", keys);

    // spread over four requests in flight at once, none over the S3 limit of 1000 keys
    assertThat(out.deleteRequests()).isEqualTo(4);
    assertThat(s3.requestSizes).containsExactlyInAnyOrder(625, 625, 625, 625);
    assertThat(out.deleted()).hasSize(2500);
    assertThat(s3.versions).isEmpty();

    FakeS3 big = new FakeS3(BucketVersioningStatus.ENABLED);
    List<String> many = IntStream.range(0, 5500).mapToObj(i -> "k" + i).toList();
    many.forEach(k -> big.put(k, "v1", false));
    assertThat(new ObjectStore(big).deleteAll("b", many).deleted()).hasSize(5500);
    assertThat(big.requestSizes).hasSize(6).allMatch(n -> n <= 1000);
    assertThat(big.versions).isEmpty();
  }

  @Test
  void aFewKeysGoInOneRequest() {
    FakeS3 s3 = new FakeS3(null);
    List<String> keys = IntStream.range(0, 99).mapToObj(i -> "k" + i).toList();
    keys.forEach(k -> s3.put(k, "null", false));

    assertThat(new ObjectStore(s3).deleteAll("b", keys).deleteRequests()).isEqualTo(1);
    assertThat(s3.requestSizes).containsExactly(99);
  }

  @Test
  void anUnversionedBucketGetsPlainDeletesWithoutListingVersions() {
    FakeS3 s3 = new FakeS3(null);
    s3.put("k", "null", false);

    DeleteOutcome out = new ObjectStore(s3).deleteAll("b", List.of("k"));

    assertThat(out.versioning()).isEqualTo(DeleteOutcome.Versioning.UNVERSIONED);
    assertThat(s3.listRequests).isZero();
    assertThat(s3.deletedIds).containsExactly(ObjectIdentifier.builder().key("k").build());
  }

  @Test
  void aServerWithoutVersioningSupportFallsBackToPlainDeletesAndSaysSo() {
    FakeS3 s3 = new FakeS3(null);
    s3.versioningNotImplemented = true;
    s3.put("k", "null", false);

    DeleteOutcome out = new ObjectStore(s3).deleteAll("b", List.of("k"));

    assertThat(out.versioning()).isEqualTo(DeleteOutcome.Versioning.NOT_SUPPORTED);
    assertThat(out.deleted()).containsExactly("k");
    assertThat(s3.versions).isEmpty();
  }

  @Test
  void governanceLockedVersionsAreBypassedOnlyWhenTheCallerAsks() {
    FakeS3 s3 = new FakeS3(BucketVersioningStatus.ENABLED);
    s3.put("k", "v1", false);
    s3.locked.add("v1");
    ObjectStore store = new ObjectStore(s3);

    DeleteOutcome refused = store.deleteAll("b", List.of("k"));
    assertThat(refused.failed()).containsEntry("k", "AccessDenied");
    assertThat(refused.deleted()).isEmpty();
    assertThat(s3.bypassSeen).containsExactly(false);

    DeleteOutcome bypassed = store.deleteAll("b", List.of("k"), true);
    assertThat(bypassed.deleted()).containsExactly("k");
    assertThat(s3.bypassSeen).containsExactly(false, true);
    assertThat(s3.versions).isEmpty();
  }

  @Test
  void putWithObjectLockSendsModeAndRetainUntilAndPlainPutSendsNone() throws Exception {
    FakeS3 s3 = new FakeS3(BucketVersioningStatus.ENABLED);
    Path file = Files.writeString(dir.resolve("c.gpg"), "ciphertext");
    ObjectStore store = new ObjectStore(s3);
    Instant until = Instant.parse("2029-03-15T14:22:33Z");

    store.putVerified("b", "locked.gpg", file, Map.of(), ObjectLock.compliance(until));
    store.putVerified("b", "plain.gpg", file, Map.of());

    assertThat(s3.puts.get(0).objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
    assertThat(s3.puts.get(0).objectLockRetainUntilDate()).isEqualTo(until);
    assertThat(s3.puts.get(1).objectLockMode()).isNull();
    assertThat(s3.puts.get(1).objectLockRetainUntilDate()).isNull();
  }

  @Test
  void aServerWithoutObjectLockRefusesTheUploadWithAnExplanation() throws Exception {
    FakeS3 s3 = new FakeS3(null);
    s3.lockNotImplemented = true;
    Path file = Files.writeString(dir.resolve("c.gpg"), "ciphertext");

    assertThatThrownBy(() -> new ObjectStore(s3).putVerified("b", "k", file, Map.of(),
        ObjectLock.governance(Instant.parse("2029-01-01T00:00:00Z"))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("does not support Object Lock");
  }

  /** Just enough S3 for ObjectStore: versions per key, paginated listings, multi-delete, locks. */
  private static final class FakeS3 implements S3Client {
    final BucketVersioningStatus status;
    final Map<String, List<String[]>> versions = new TreeMap<>(); // key -> [versionId, "dm"|""]
    final List<String> locked = new ArrayList<>();
    final List<ObjectIdentifier> deletedIds = new ArrayList<>();
    final List<Integer> requestSizes = new ArrayList<>();
    final List<Boolean> bypassSeen = new ArrayList<>();
    final List<PutObjectRequest> puts = new ArrayList<>();
    final Map<String, Long> sizes = new LinkedHashMap<>();
    boolean versioningNotImplemented;
    boolean lockNotImplemented;
    int listRequests;

    FakeS3(BucketVersioningStatus status) {
      this.status = status;
    }

    void put(String key, String versionId, boolean deleteMarker) {
      versions.computeIfAbsent(key, k -> new ArrayList<>()).add(new String[] {versionId, deleteMarker ? "dm" : ""});
    }

    @Override
    public GetBucketVersioningResponse getBucketVersioning(GetBucketVersioningRequest r) {
      if (versioningNotImplemented) {
        throw notImplemented();
      }
      return GetBucketVersioningResponse.builder().status(status).build();
    }

    @Override
    public ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest r) {
      listRequests++;
      List<String[]> flat = new ArrayList<>(); // key, versionId, dm
      versions.forEach((k, vs) -> {
        if (k.startsWith(r.prefix())) {
          vs.forEach(v -> flat.add(new String[] {k, v[0], v[1]}));
        }
      });
      int from = 0;
      if (r.keyMarker() != null) {
        for (int i = 0; i < flat.size(); i++) {
          if (flat.get(i)[0].equals(r.keyMarker()) && flat.get(i)[1].equals(r.versionIdMarker())) {
            from = i + 1;
          }
        }
      }
      int to = Math.min(flat.size(), from + 2);
      ListObjectVersionsResponse.Builder b = ListObjectVersionsResponse.builder();
      List<ObjectVersion> vs = new ArrayList<>();
      List<DeleteMarkerEntry> dms = new ArrayList<>();
      for (String[] e : flat.subList(from, to)) {
        if (e[2].equals("dm")) {
          dms.add(DeleteMarkerEntry.builder().key(e[0]).versionId(e[1]).build());
        } else {
          vs.add(ObjectVersion.builder().key(e[0]).versionId(e[1]).build());
        }
      }
      b.versions(vs).deleteMarkers(dms).isTruncated(to < flat.size());
      if (to < flat.size()) {
        b.nextKeyMarker(flat.get(to - 1)[0]).nextVersionIdMarker(flat.get(to - 1)[1]);
      }
      return b.build();
    }

    @Override
    public synchronized DeleteObjectsResponse deleteObjects(DeleteObjectsRequest r) {
      requestSizes.add(r.delete().objects().size());
      bypassSeen.add(Boolean.TRUE.equals(r.bypassGovernanceRetention()));
      List<DeletedObject> deleted = new ArrayList<>();
      List<S3Error> errors = new ArrayList<>();
      for (ObjectIdentifier id : r.delete().objects()) {
        if (id.versionId() != null && locked.contains(id.versionId()) && !Boolean.TRUE.equals(
            r.bypassGovernanceRetention())) {
          errors.add(S3Error.builder().key(id.key()).versionId(id.versionId()).code("AccessDenied").build());
          continue;
        }
        deletedIds.add(id);
        List<String[]> vs = versions.get(id.key());
        if (vs != null) {
          if (id.versionId() == null) {
            versions.remove(id.key()); // unversioned: the only version goes
          } else {
            vs.removeIf(v -> v[0].equals(id.versionId()));
            if (vs.isEmpty()) {
              versions.remove(id.key());
            }
          }
        }
        deleted.add(DeletedObject.builder().key(id.key()).versionId(id.versionId()).build());
      }
      return DeleteObjectsResponse.builder().deleted(deleted).errors(errors).build();
    }

    @Override
    public PutObjectResponse putObject(PutObjectRequest r, RequestBody body) {
      if (lockNotImplemented && r.objectLockMode() != null) {
        throw notImplemented();
      }
      puts.add(r);
      sizes.put(r.key(), r.contentLength());
      return PutObjectResponse.builder().build();
    }

    @Override
    public HeadObjectResponse headObject(HeadObjectRequest r) {
      return HeadObjectResponse.builder().contentLength(sizes.get(r.key())).build();
    }

    private static S3Exception notImplemented() {
      return (S3Exception) S3Exception.builder().statusCode(501)
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("NotImplemented").build()).build();
    }

    @Override
    public String serviceName() {
      return "s3";
    }

    @Override
    public void close() {}
  }
}
