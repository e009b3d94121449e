package io.callvault.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * Version-aware erasure and Object Lock on upload, against a small in-memory S3 that keeps versions
 * and delete markers (S3Proxy implements neither, so these paths cannot be shown against it), and the
 * check after each delete that nothing is left.
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

    DeleteOutcome out = new ObjectStore(s3).deleteAll("b", List.of("k"));

    assertThat(out.versioning()).isEqualTo(DeleteOutcome.Versioning.SUSPENDED);
    assertThat(out.deleted()).containsExactly("k");
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
  void anAcknowledgedDeleteThatDidNotHappenIsNotCountedAsDeleted() {
    FakeS3 s3 = new FakeS3(null);
    s3.put("gone", "null", false);
    s3.put("stays", "null", false);
    s3.stubborn.add("stays");

    DeleteOutcome out = new ObjectStore(s3).deleteAll("b", List.of("gone", "stays"));

    assertThat(out.deleted()).containsExactly("gone");
    assertThat(out.failed()).containsOnlyKeys("stays");
    assertThat(out.failed().get("stays")).contains("still there", "HEAD");
    assertThat(out.allDeleted()).isFalse();
    assertThat(s3.listRequests).as("an unversioned bucket has no versions to list").isZero();
  }

  @Test
  void versionsLeftAfterAnAcknowledgedDeleteAreCountedAndTheNextDeleteRemovesThem() {
    FakeS3 s3 = new FakeS3(BucketVersioningStatus.ENABLED);
    s3.put("k", "v1", false);
    s3.put("k", "v2", false);
    s3.put("k", "dm3", true); // the HEAD finds nothing: only the version listing shows what is left
    s3.stubborn.add("k");
    ObjectStore store = new ObjectStore(s3);

    DeleteOutcome first = store.deleteAll("b", List.of("k"));

    assertThat(first.deleted()).isEmpty();
    assertThat(first.failed().get("k")).contains("2 versions and 1 delete marker left", "versioned bucket");
    assertThat(first.versioning()).isEqualTo(DeleteOutcome.Versioning.VERSIONED);

    s3.stubborn.clear();
    DeleteOutcome retry = store.deleteAll("b", List.of("k"));

    assertThat(retry.deleted()).containsExactly("k");
    assertThat(s3.versionsOf("k")).isEmpty();
  }

  @Test
  void aKeyThatNeverExistedCountsAsDeletedOnEveryKindOfBucket() {
    for (BucketVersioningStatus status : new BucketVersioningStatus[] {null, BucketVersioningStatus.ENABLED,
        BucketVersioningStatus.SUSPENDED}) {
      DeleteOutcome out = new ObjectStore(new FakeS3(status)).deleteAll("b", List.of("never"));
      assertThat(out.deleted()).as("bucket versioning " + status).containsExactly("never");
    }
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
}
