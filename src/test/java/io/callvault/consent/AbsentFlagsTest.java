package io.callvault.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AbsentFlagsTest {

  @Test
  void aFlagMissingFromFiftyAnswersInARowIsWarnedOfOnceAndAFoundFlagStartsTheCountAgain() {
    AbsentFlags absent = new AbsentFlags();

    long warnings = IntStream.range(0, 3 * AbsentFlags.WARN_AFTER)
        .filter(i -> absent.seen("training", "/consent/training", false)).count();
    absent.seen("training", "/consent/training", true);
    long afterFound = IntStream.range(0, AbsentFlags.WARN_AFTER - 1)
        .filter(i -> absent.seen("training", "/consent/training", false)).count();
    boolean fiftiethAgain = absent.seen("training", "/consent/training", false);

    assertThat(warnings).as("one warning however long the flag stays absent").isEqualTo(1);
    assertThat(afterFound).isZero();
    assertThat(fiftiethAgain).as("after it was found, fifty more misses warn again").isTrue();
  }

  @Test
  void aFlagFoundNowAndThenIsNeverWarnedOfAndFlagsAreCountedApart() {
    AbsentFlags absent = new AbsentFlags();

    long warnings = IntStream.range(0, 10 * AbsentFlags.WARN_AFTER)
        .filter(i -> absent.seen("quality", "/q", i % AbsentFlags.WARN_AFTER == 0)
            | absent.seen("training", "/t", i % 7 == 0)).count();

    assertThat(warnings).isZero();
  }
}
