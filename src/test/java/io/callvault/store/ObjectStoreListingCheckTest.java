package io.callvault.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The check after a delete by listing: a run of keys under one prefix is confirmed gone by listing that prefix,
 * only what the listing still shows (or does not reach) gets a HEAD. Against the in-memory S3 that keeps
 * versions and delete markers and can acknowledge deletes it does not perform.
 */
class ObjectStoreListingCheckTest {

  private static String key(int i) {
    return String.format("2024/03/15/rec_%05d.wav.gpg", i);
  }

  private static List<String> keys(int from, int to, int step) {
    return IntStream.iterate(from, i -> i < to, i -> i + step).mapToObj(ObjectStoreListingCheckTest::key).toList();
  }

  @Test
  void aRunOfKeysIsConfirmedGoneByOneListingWithoutAnyHead() {
    FakeS3 s3 = new FakeS3(null);
    List<String> batch = keys(0, 100, 1);
    batch.forEach(k -> s3.put(k, "null", false));

    DeleteOutcome out = new ObjectStore(s3).deleteAll("b", batch);

    assertThat(out.deleted()).containsExactlyInAnyOrderElementsOf(batch);
    assertThat(out.failed()).isEmpty();
    assertThat(s3.listObjectsRequests).isEqualTo(1);
    assertThat(s3.heads).isEmpty();
    assertThat(s3.versions).isEmpty();
  }

  @Test
  void objectsThatShareThePrefixAndMustStayAreListedButNeitherTouchedNorTakenForWhatIsLeft() {
    FakeS3 s3 = new FakeS3(null);
    List<String> batch = keys(0, 400, 4);
    List<String> others = IntStream.range(0, 400).filter(i -> i % 4 != 0).mapToObj(ObjectStoreListingCheckTest::key).toList();
    batch.forEach(k -> s3.put(k, "null", false));
    others.forEach(k -> s3.put(k, "null", false));

    DeleteOutcome out = new ObjectStore(s3).deleteAll("b", batch);

    assertThat(out.deleted()).hasSize(100);
    assertThat(out.failed()).isEmpty();
    assertThat(s3.versions.keySet()).containsExactlyElementsOf(others);
    assertThat(s3.heads).isEmpty();
    assertThat(s3.listObjectsRequests).isEqualTo(1);
  }

  @Test
  void aKeyTheServerAcknowledgedButKeptIsShownByTheListingAndOnlyItGetsAHeadThatReportsIt() {
    FakeS3 s3 = new FakeS3(null);
    List<String> batch = keys(0, 50, 1);
    batch.forEach(k -> s3.put(k, "null", false));
    s3.stubborn.add(key(17));

    DeleteOutcome out = new ObjectStore(s3).deleteAll("b", batch);

    assertThat(out.failed()).containsOnlyKeys(key(17));
    assertThat(out.failed().get(key(17))).contains("still there after S3 acknowledged its deletion", "HEAD");
    assertThat(out.deleted()).hasSize(49).doesNotContain(key(17));
    assertThat(s3.heads).containsExactly(key(17));
  }

  @Test
  void onAVersionedBucketAVersionOrDeleteMarkerLeftIsFoundByTheListingAndReportedWithTheBucketsState() {
    for (BucketVersioningStatus status : new BucketVersioningStatus[] {BucketVersioningStatus.ENABLED,
        BucketVersioningStatus.SUSPENDED}) {
      FakeS3 s3 = new FakeS3(status);
      List<String> batch = keys(0, 100, 2);
      for (String k : batch) {
        s3.put(k, "v1-" + k, false);
        s3.put(k, "v2-" + k, false);
      }
      s3.put(key(30), "dm-30", true); // hidden from a HEAD: only the versions show it
      s3.put(key(31), "keep-31", false); // shares the prefix, must stay
      s3.put(key(33), "keep-33", false);
      s3.put(key(33), "dm-33", true);
      s3.stubborn.add(key(30));
      s3.stubborn.add(key(60));
      String state = status == BucketVersioningStatus.ENABLED ? "versioned bucket" : "suspended bucket";

      DeleteOutcome out = new ObjectStore(s3).deleteAll("b", batch);

      assertThat(out.failed()).as(state).containsOnlyKeys(key(30), key(60));
      assertThat(out.failed().get(key(30))).contains("2 versions and 1 delete marker left", state);
      assertThat(out.failed().get(key(60))).contains("still there after S3 acknowledged its deletion");
      assertThat(out.deleted()).hasSize(48);
      assertThat(s3.versions).containsOnlyKeys(key(30), key(31), key(33), key(60));
      assertThat(s3.versionsOf(key(33))).containsExactly("keep-33", "dm-33");
      assertThat(s3.heads).containsExactlyInAnyOrder(key(30), key(60));
    }
  }

  @Test
  void aPrefixHoldingFarMoreOtherObjectsThanTheBatchIsNotListedToItsEndTheRestIsCheckedByHead() {
    FakeS3 s3 = new FakeS3(null);
    List<String> batch = keys(0, 4000, 100); // 40 keys, one in a hundred of what the folder holds
    IntStream.range(0, 4000).forEach(i -> s3.put(key(i), "null", false));

    DeleteOutcome out = new ObjectStore(s3).deleteAll("b", batch);

    assertThat(out.deleted()).containsExactlyInAnyOrderElementsOf(batch);
    assertThat(s3.versions).hasSize(3960);
    // one page of at most 10 entries per key of the run: its 400 entries reach past 5 keys, the others get a HEAD
    assertThat(s3.listObjectsRequests).isEqualTo(1);
    assertThat(s3.heads).hasSize(35).doesNotContain(key(0), key(100), key(200), key(300), key(400));
  }

  @Test
  void aListingTheServerRefusesConfirmsNothingAndEveryKeyGetsAHead() {
    FakeS3 s3 = new FakeS3(null);
    List<String> batch = keys(0, 50, 1);
    batch.forEach(k -> s3.put(k, "null", false));
    s3.listingDenied = true;
    s3.stubborn.add(key(3));

    DeleteOutcome out = new ObjectStore(s3).deleteAll("b", batch);

    assertThat(out.deleted()).hasSize(49);
    assertThat(out.failed()).containsOnlyKeys(key(3));
    assertThat(s3.heads).hasSize(50);
  }

  @Test
  void withListingChecksSwitchedOffEveryKeyGetsAHead() {
    FakeS3 s3 = new FakeS3(null);
    List<String> batch = keys(0, 100, 1);
    batch.forEach(k -> s3.put(k, "null", false));

    DeleteOutcome out = new ObjectStore(s3, false).deleteAll("b", batch);

    assertThat(out.deleted()).hasSize(100);
    assertThat(s3.listObjectsRequests).isZero();
    assertThat(s3.heads).hasSize(100);
  }

  @Test
  void aSingleKeyAsAnErasureDeletesItIsCheckedWithAHeadNotAListing() {
    FakeS3 s3 = new FakeS3(null);
    s3.put(key(1), "null", false);
    s3.put(key(2), "null", false);

    DeleteOutcome out = new ObjectStore(s3).deleteAll("b", List.of(key(1)));

    assertThat(out.deleted()).containsExactly(key(1));
    assertThat(s3.heads).containsExactly(key(1));
    assertThat(s3.listObjectsRequests).isZero();
  }

  @Test
  void aFolderFoundFullOfOtherObjectsIsCheckedByHeadInTheNextBatchesWithoutListingItAgain() {
    FakeS3 s3 = new FakeS3(null);
    IntStream.range(0, 4000).mapToObj(ObjectStoreListingCheckTest::key).forEach(k -> s3.put(k, "null", false));
    ObjectStore store = new ObjectStore(s3);

    DeleteOutcome first = store.deleteAll("b", keys(0, 4000, 40)); // 100 keys spread over 4000 objects
    int listingsOfTheFirstBatch = s3.listObjectsRequests;
    int headsOfTheFirstBatch = s3.heads.size();
    DeleteOutcome second = store.deleteAll("b", keys(1, 4000, 40));

    assertThat(first.deleted()).hasSize(100);
    assertThat(second.deleted()).hasSize(100);
    assertThat(first.failed()).isEmpty();
    assertThat(second.failed()).isEmpty();
    assertThat(listingsOfTheFirstBatch).as("the first batch tries one listing, which stops early").isEqualTo(1);
    assertThat(headsOfTheFirstBatch).as("the keys the stopped listing did not reach get a HEAD").isGreaterThan(50);
    assertThat(s3.listObjectsRequests).as("the second batch does not list the sparse folder again").isEqualTo(1);
    assertThat(s3.heads).hasSize(headsOfTheFirstBatch + 100);
  }
}
