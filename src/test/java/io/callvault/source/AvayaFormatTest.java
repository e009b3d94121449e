package io.callvault.source;

import static io.callvault.source.FormatFixtures.FORMATS;
import static io.callvault.source.FormatFixtures.withSidecar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.source.PbxFormat.DropKind;
import io.callvault.source.Recording.Direction;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AvayaFormatTest {
  private final PbxFormat avaya = FORMATS.get("avaya");

  @Test
  void contactStoreCallDetailsGiveTheRecordingWithItsCallerAsSubjectOwnerHuntGroupAndAccountCode() throws Exception {
    Recording r = withSidecar(avaya, "2024/03/15/CS-000123.wav", "2024/03/15/CS-000123.xml",
        "avaya/contactstore-inbound.xml");

    assertThat(r.uniqueId()).isEqualTo("CS-2024-0315-000123");
    assertThat(r.id()).isEqualTo(RecordingIdentifier.recordingId("src", "CS-2024-0315-000123"));
    assertThat(r.start()).isEqualTo(Instant.parse("2024-03-15T10:30:00Z"));
    assertThat(r.durationSeconds()).isEqualTo(125);
    assertThat(r.direction()).isEqualTo(Direction.INBOUND);
    assertThat(r.subject()).isEqualTo("+447700900123");
    assertThat(r.context()).isEqualTo(new Recording.Context("201", "Sales", "CASE-4711"));
  }

  @Test
  void anOutboundCallsCustomerIsTheCalledParty() throws Exception {
    Recording r = withSidecar(avaya, "x.wav", "x.xml", "avaya/contactstore-outbound.xml");
    assertThat(r.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(r.subject()).isEqualTo("+447700900456");
    assertThat(r.durationSeconds()).isEqualTo(95);
    assertThat(r.context().agent()).isEqualTo("202");
  }

  @Test
  void theSecondExampleMappingReadsAContactRecorderExportWithoutCode() throws Exception {
    PbxFormat acr = FORMATS.forSource("avaya", "config/formats/avaya-acr.yaml");
    Recording r = withSidecar(acr, "a/800001000012345.wav", "a/800001000012345.xml", "avaya/acr-outbound.xml");

    assertThat(r.uniqueId()).isEqualTo("800001000012345");
    assertThat(r.start()).isEqualTo(Instant.parse("2024-03-15T12:15:30Z"));
    assertThat(r.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(r.caller()).isEqualTo("203");
    assertThat(r.subject()).isEqualTo(new PhoneNumbers("GB").asSubject("0114627554"));
    assertThat(r.context()).isEqualTo(new Recording.Context("203", "Support", "CASE-99"));
  }

  @Test
  void aCsvSidecarIsMappedByColumnName() throws Exception {
    PbxFormat csv = FORMATS.forSource("avaya", "config/formats/avaya-acr-csv.yaml");
    assertThat(csv.kind("d/800001000012346.csv")).isEqualTo(DropKind.SIDECAR);
    Recording r = withSidecar(csv, "d/800001000012346.wav", "d/800001000012346.csv", "avaya/acr-export.csv");
    assertThat(r.direction()).isEqualTo(Direction.INBOUND);
    assertThat(r.subject()).isEqualTo("+447700900789");
    assertThat(r.context()).isEqualTo(new Recording.Context("204", "Support", "CASE-100"));
  }

  @Test
  void theShippedDefaultMappingFileIsTheBuiltInDefault() {
    assertThat(FormatOptions.load(Path.of("config/formats/avaya-contactstore.yaml")).values())
        .isEqualTo(AvayaFormat.DEFAULT_MAPPING);
  }

  @Test
  void audioAndItsXmlPairByBaseNameAndTheAudioWaitsForIt() {
    assertThat(avaya.kind("2024/03/15/CS-1.wav")).isEqualTo(DropKind.RECORDING);
    assertThat(avaya.kind("2024/03/15/CS-1.xml")).isEqualTo(DropKind.SIDECAR);
    assertThat(avaya.pairKey("2024/03/15/CS-1.wav")).isEqualTo(avaya.pairKey("2024/03/15/CS-1.xml"));
    assertThat(avaya.needsSidecar()).isTrue();
    assertThat(avaya.sidecarPaths("2024/03/15/CS-1.wav")).containsExactly("2024/03/15/CS-1.xml");
    assertThatThrownBy(() -> avaya.identify(new PbxFormat.Identification("s", "CS-1.wav", FormatFixtures.UTC,
        CallIndex.EMPTY, CallFields.EMPTY, x -> x))).isInstanceOf(MetadataPendingException.class);
  }

  @Test
  void aMappingThatNamesAnUnknownFieldOrABrokenXPathIsRefusedNamingTheFile(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path bad = java.nio.file.Files.writeString(dir.resolve("bad.yaml"), "fields:\n  phone: /a\n");
    assertThatThrownBy(() -> FORMATS.forSource("avaya", bad.toString()))
        .hasMessageContaining(bad.toString()).hasMessageContaining("fields.phone");
    Path xpath = java.nio.file.Files.writeString(dir.resolve("xpath.yaml"), "fields:\n  start: /a[\n");
    assertThatThrownBy(() -> FORMATS.forSource("avaya", xpath.toString())).hasMessageContaining("XPath");
  }
}
