package io.callvault.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.audio.MarkedInterval;
import org.junit.jupiter.api.Test;

class CdrUserfieldTest {
  @Test
  void paymentWindowsAreReadInMillisecondsAndOtherUserfieldContentIsIgnored() {
    assertThat(MaskingPolicy.windows("agent=7;pci=12.5-31;pci=40-52.25;case=C-1"))
        .containsExactly(MarkedInterval.ofMillis(12_500, 31_000), MarkedInterval.ofMillis(40_000, 52_250));
    assertThat(MaskingPolicy.windows("pci=9-3")).as("an empty or reversed window is ignored").isEmpty();
    assertThat(MaskingPolicy.windows("")).isEmpty();
  }

  @Test
  void caseIdIsTakenFromTheUserfield() {
    assertThat(CatalogStep.caseId("pci=1-2;case=CASE-2024.118")).isEqualTo("CASE-2024.118");
    assertThat(CatalogStep.caseId("pci=1-2")).isNull();
  }
}
