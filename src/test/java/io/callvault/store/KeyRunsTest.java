package io.callvault.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How the keys of a delete are grouped for the listing that checks them. */
class KeyRunsTest {

  private static String key(int id) {
    return String.format("2024/03/15/rec_%016x.wav.gpg", 0x5eed000000000000L + id);
  }

  @Test
  void consecutiveIdsWithinOnePrefixAreOneRunStartingJustBeforeTheFirstKey() {
    List<String> keys = IntStream.range(1000, 2000).mapToObj(KeyRunsTest::key).toList();

    KeyRuns.Plan plan = KeyRuns.plan(keys, 32);

    assertThat(plan.singles()).isEmpty();
    assertThat(plan.runs()).hasSize(1);
    KeyRuns.Run run = plan.runs().get(0);
    assertThat(run.keys()).containsExactlyElementsOf(keys);
    assertThat(keys).allMatch(k -> k.startsWith(run.prefix()));
    assertThat(run.prefix()).isEqualTo("2024/03/15/rec_5eed000000000"); // ids 0x3e8..0x7cf share 13 digits
    assertThat(run.startAfter()).isLessThan(run.first()).isEqualTo(run.first().substring(0, run.first().length() - 1));
  }

  @Test
  void aRangeThatStraddlesABoundaryOfItsPrefixIsSplitIntoTwoRunsUnderLongerPrefixes() {
    // ids 0x0fa0..0x1387: the shared prefix covers 65 536 ids, each side only 4 096 (or 256)
    List<String> keys = IntStream.range(4000, 5000).mapToObj(KeyRunsTest::key).toList();

    KeyRuns.Plan plan = KeyRuns.plan(keys, 32);

    assertThat(plan.runs()).extracting(KeyRuns.Run::prefix)
        .containsExactly("2024/03/15/rec_5eed000000000f", "2024/03/15/rec_5eed000000001");
    assertThat(plan.runs().get(0).keys()).hasSize(96);
    assertThat(plan.runs().get(1).keys()).hasSize(904);
    assertThat(plan.singles()).isEmpty();
  }

  @Test
  void randomIdsInOneFolderAreOneRunUnderTheFolder() {
    Random random = new Random(7);
    List<String> keys = IntStream.range(0, 1000)
        .mapToObj(i -> String.format("2024/03/15/rec_%016x.wav.gpg", random.nextLong())).toList();

    KeyRuns.Plan plan = KeyRuns.plan(keys, 32);

    assertThat(plan.runs()).hasSize(1);
    assertThat(plan.runs().get(0).prefix()).isEqualTo("2024/03/15/rec_");
    assertThat(plan.runs().get(0).keys()).hasSize(1000).isSorted();
  }

  @Test
  void keysOfEachFolderAreRunsOfTheirOwnAndSmallGroupsAreCheckedOneByOne() {
    List<String> keys = new ArrayList<>();
    IntStream.range(0, 40).forEach(i -> keys.add("2024/03/15/rec_" + (100 + i) + ".wav.gpg"));
    IntStream.range(0, 40).forEach(i -> keys.add("2024/03/16/rec_" + (100 + 7 * i) + ".wav.gpg"));
    keys.add("2024/03/17/rec_1.wav.gpg");
    keys.add("2024/03/17/rec_2.wav.gpg");
    keys.add("2024/03/15/rec_100.wav.gpg"); // a duplicate

    KeyRuns.Plan plan = KeyRuns.plan(keys, 32);

    assertThat(plan.runs()).extracting(KeyRuns.Run::prefix).containsExactly("2024/03/15/rec_1", "2024/03/16/rec_");
    assertThat(plan.runs()).allMatch(r -> r.keys().size() == 40);
    assertThat(plan.singles()).containsExactly("2024/03/17/rec_1.wav.gpg", "2024/03/17/rec_2.wav.gpg");
  }

  @Test
  void oneKeyIsCheckedByItself() {
    KeyRuns.Plan plan = KeyRuns.plan(List.of("2024/03/15/rec_1.wav.gpg"), 32);

    assertThat(plan.runs()).isEmpty();
    assertThat(plan.singles()).containsExactly("2024/03/15/rec_1.wav.gpg");
  }

  @Test
  void keysWhoseJavaOrderMayDifferFromS3sAreNeverListed() {
    List<String> keys = new ArrayList<>(IntStream.range(0, 40).mapToObj(i -> "d/k" + (100 + i)).toList());
    keys.add("d/k120\uE000"); // U+E000 sorts after surrogates in Java, before them in UTF-8
    keys.add("d/k121\uD83C\uDFB5");

    KeyRuns.Plan plan = KeyRuns.plan(keys, 32);

    assertThat(plan.singles()).containsExactlyInAnyOrder("d/k120\uE000", "d/k121\uD83C\uDFB5");
    assertThat(plan.runs()).hasSize(1);
    assertThat(plan.runs().get(0).keys()).hasSize(40);
  }
}
