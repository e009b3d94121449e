package io.callvault.source;

import static io.callvault.source.FormatFixtures.FORMATS;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every XML parser refuses DTDs: no external entity is resolved (XXE), no entity expanded (billion laughs). */
class SafeXmlTest {

  @Test
  void anExternalEntityIsRefusedAndNothingIsRead() {
    for (PbxFormat f : new PbxFormat[] {FORMATS.get("avaya"), FORMATS.get("siprec"),
        FORMATS.forSource("generic", "config/formats/generic-xml.yaml")}) {
      assertThatThrownBy(() -> f.readSidecar("x.xml", FormatFixtures.fixture("malicious/xxe-file.xml")))
          .as(f.name()).isInstanceOf(UnidentifiableRecordingException.class)
          .hasMessageContaining("DTD").hasMessageNotContaining("root:");
      assertThatThrownBy(() -> f.readSidecar("x.xml", FormatFixtures.fixture("malicious/xxe-url.xml")))
          .as(f.name()).isInstanceOf(UnidentifiableRecordingException.class).hasMessageContaining("DTD");
    }
  }

  @Test
  void aBillionLaughsIsRefusedAtOnceWithoutExpandingAnything() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> FORMATS.get("avaya").readSidecar("x.xml", FormatFixtures.fixture("malicious/billion-laughs.xml")))
        .isInstanceOf(UnidentifiableRecordingException.class).hasMessageContaining("DTD");
    org.assertj.core.api.Assertions.assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void xmlThatIsNotWellFormedIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> FORMATS.get("avaya").readSidecar("x.xml", "<a><b>07700900123</a>".getBytes()))
        .hasMessageContaining("not well-formed").hasMessageNotContaining("07700900123");
  }
}
