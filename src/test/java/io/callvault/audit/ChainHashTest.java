package io.callvault.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChainHashTest {

  static final Instant AT = Instant.parse("2024-03-15T14:22:33.123456Z");

  @Test
  void fieldBoundariesCannotBeShiftedBetweenFields() {
    assertThat(ChainHash.of(1, AT, "ab", "c", null, null, ChainHash.GENESIS))
        .isNotEqualTo(ChainHash.of(1, AT, "a", "bc", null, null, ChainHash.GENESIS));
  }

  @Test
  void nullAndEmptyHashDifferently() {
    assertThat(ChainHash.of(1, AT, "a", "b", null, null, ChainHash.GENESIS))
        .isNotEqualTo(ChainHash.of(1, AT, "a", "b", "", null, ChainHash.GENESIS));
  }

  @Test
  void sameInstantHashesTheSameWhateverItsSubMicrosecondPart() {
    assertThat(ChainHash.of(1, AT.plusNanos(999), "a", "b", null, null, ChainHash.GENESIS))
        .isEqualTo(ChainHash.of(1, AT, "a", "b", null, null, ChainHash.GENESIS))
        .hasSize(64)
        .isNotEqualTo(ChainHash.of(2, AT, "a", "b", null, null, ChainHash.GENESIS));
  }
}
