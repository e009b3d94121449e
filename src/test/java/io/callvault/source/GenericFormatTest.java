package io.callvault.source;

import static io.callvault.source.FormatFixtures.FORMATS;
import static io.callvault.source.FormatFixtures.byName;
import static io.callvault.source.FormatFixtures.withSidecar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.source.PbxFormat.DropKind;
import io.callvault.source.Recording.Direction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenericFormatTest {

  @Test
  void aJsonSidecarIsReadWithJsonPointers() throws Exception {
    PbxFormat json = FORMATS.forSource("generic", "config/formats/generic-json.yaml");
    assertThat(json.kind("calls/call-4242.json")).isEqualTo(DropKind.SIDECAR);
    Recording r = withSidecar(json, "calls/call-4242.wav", "calls/call-4242.json", "generic/call-4242.json");
    assertThat(r.uniqueId()).isEqualTo("GEN-4242");
    assertThat(r.start()).isEqualTo(Instant.parse("2024-03-15T15:00:00Z"));
    assertThat(r.direction()).isEqualTo(Direction.INBOUND);
    assertThat(r.subject()).isEqualTo("+33612345678");
    assertThat(r.context()).isEqualTo(new Recording.Context("210", "Billing", "TCK-7"));
  }

  @Test
  void anXmlSidecarIsReadWithXPathAndNamespaces() throws Exception {
    PbxFormat xml = FORMATS.forSource("generic", "config/formats/generic-xml.yaml");
    Recording r = withSidecar(xml, "call-4243.wav", "call-4243.xml", "generic/call-4243.xml");
    assertThat(r.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(r.subject()).isEqualTo("+447700900999");
  }

  @Test
  void aNamePatternAloneIdentifiesWithoutWaitingForASidecar() throws Exception {
    PbxFormat name = FORMATS.forSource("generic", "config/formats/generic-name.yaml");
    assertThat(name.needsSidecar()).isFalse();
    Recording r = byName(name, "2024/rec_20240315-170000_in_07700900222_to_212_id-55.wav", CallIndex.EMPTY);
    assertThat(r.uniqueId()).isEqualTo("55");
    assertThat(r.start()).isEqualTo(Instant.parse("2024-03-15T17:00:00Z"));
    assertThat(r.subject()).isEqualTo("+447700900222");
    assertThatThrownBy(() -> byName(name, "other.wav", CallIndex.EMPTY)).hasMessageContaining("name-pattern");
  }

  @Test
  void aGenericSourceWithoutPatternOrSidecarOrWithUnknownGroupsIsAConfigurationError(@TempDir Path dir)
      throws Exception {
    assertThatThrownBy(() -> FORMATS.get("generic")).hasMessageContaining("name-pattern");
    Path bad = Files.writeString(dir.resolve("g.yaml"), "name-pattern: '(?<phone>\\d+)\\.wav'\n");
    assertThatThrownBy(() -> FORMATS.forSource("generic", bad.toString())).hasMessageContaining("'phone'");
  }
}
