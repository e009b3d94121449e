package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.catalog.CopyEntry;
import io.callvault.source.RecordingIdentifier;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every format through the whole hub over real SFTP and S3: the fixtures of src/test/resources/formats (written
 * from the vendors' documented layouts) with audio, claimed from a drop of their own source, stored once per
 * purpose, decrypted with gpg and compared, and found by the rights API from the customer's number, for inbound
 * and outbound calls.
 */
class FormatsIT extends HubIT {

  static byte[] fixture(String path) throws Exception {
    try (InputStream in = FormatsIT.class.getResourceAsStream("/formats/" + path)) {
      return in.readAllBytes();
    }
  }

  /** The call is stored (legal and quality), its legal copy decrypts to the audio, the customer finds it. */
  private void storedAndFoundByNumber(String sourceId, String uniqueId, byte[] audio, String customer) throws Exception {
    storedAndFoundByNumber(RecordingIdentifier.recordingId(sourceId, uniqueId), audio, customer);
  }

  private void storedAndFoundByNumber(String id, byte[] audio, String customer) throws Exception {
    String uniqueId = id;
    List<CopyEntry> copies = hub.hub.beans().catalog().copiesOf(id);
    assertThat(copies).as(uniqueId).extracting(CopyEntry::purpose).contains("legal", "quality");
    CopyEntry legal = copies.stream().filter(c -> c.purpose().equals("legal")).findFirst().orElseThrow();
    assertThat(legal.objectKey()).doesNotContain(customer.replaceAll("\\D", "").substring(1));
    Path cipher = dir.resolve(id + ".gpg");
    try (InputStream in = hub.hub.beans().objectStore().get(legal.bucket(), legal.objectKey())) {
      Files.copy(in, cipher);
    }
    assertThat(TestAudio.gpgDecrypt(cipher, hub.secretKey, dir)).as(uniqueId + " decrypted").isEqualTo(audio);
    HttpResponse<String> found = hub.subjectRecordings(customer);
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.body()).as("the customer " + uniqueId + " finds the call by number").contains(id);
  }

  private static void awaitGone(Path... files) throws Exception {
    for (Path f : files) {
      HubFixture.await(f.getFileName() + " leaves the drop", WAIT, () -> !Files.exists(f));
    }
  }

  @Test
  void freepbxInboundOutboundAndExternalCallsAreFoundByTheCustomersNumberEvenOneThatCannotBeNormalised()
      throws Exception {
    try (CapturedLogs logs = new CapturedLogs()) {
      hub.start();
      String day = "2024/03/15/";
      String[] names = {"in-201-07700900123-20240315-103000-1710498600.31.wav",
          "out-07700900456-201-20240315-110000-1710500400.32.wav",
          "external-07700900789-201-20240315-111500-1710501300.33.wav",
          // dialled with the PBX's outbound prefix 9 before 0044: no full number in region GB
          "out-900447700900654-201-20240315-113000-1710502200.34.wav"};
      String[] customers = {"+44 7700 900123", "07700900456", "07700 900789", "9 0044 7700 900654"};
      byte[][] audio = new byte[names.length][];
      Path[] files = new Path[names.length];
      for (int i = 0; i < names.length; i++) {
        audio[i] = TestAudio.wav(1, 31 + i);
        files[i] = hub.dropFile(day + names[i], audio[i]);
      }
      awaitGone(files);

      for (int i = 0; i < names.length; i++) {
        storedAndFoundByNumber(recordingId(day + names[i]), audio[i], customers[i]);
      }
      assertThat(logs.callvaultWarnings(0)).as("the log says which region is assumed, never the number")
          .anySatisfy(l -> assertThat(l).contains(recordingId(day + names[3]), "not a full number in region GB",
              "callvault.default-region", "looked up"))
          .noneMatch(l -> l.contains("7700900654"));
    }
  }

  @Test
  void avayaRecordingsWithTheirXmlCallDetailsAreStoredAndFoundByTheCustomersNumber() throws Exception {
    Path drop = hub.addSource("avaya-1", "avaya", "config/formats/avaya-contactstore.yaml", "avaya", Map.of());
    hub.start();
    byte[] in = TestAudio.wav(1, 21);
    byte[] out = TestAudio.wav(1, 22);
    Path[] files = {HubFixture.dropInto(drop, "2024/03/15/CS-000123.xml", fixture("avaya/contactstore-inbound.xml")),
        HubFixture.dropInto(drop, "2024/03/15/CS-000123.wav", in),
        HubFixture.dropInto(drop, "2024/03/15/CS-000124.wav", out),
        HubFixture.dropInto(drop, "2024/03/15/CS-000124.xml", fixture("avaya/contactstore-outbound.xml"))};
    awaitGone(files);

    storedAndFoundByNumber("avaya-1", "CS-2024-0315-000123", in, "07700900123");
    storedAndFoundByNumber("avaya-1", "CS-2024-0315-000124", out, "07700 900456");
  }

  @Test
  void siprecRecordingsWithRfc7865MetadataAreStoredAndFoundByTheCustomersNumber() throws Exception {
    Path drop = hub.addSource("srs-1", "siprec", "", "siprec", Map.of());
    hub.start();
    byte[] in = TestAudio.wav(1, 23);
    byte[] out = TestAudio.wav(1, 24);
    Path[] files = {HubFixture.dropInto(drop, "20240315/hVpd7YQg.wav", in),
        HubFixture.dropInto(drop, "20240315/hVpd7YQg.xml", fixture("siprec/rfc7865-inbound.xml")),
        HubFixture.dropInto(drop, "20240315/q8dXb0yW.xml", fixture("siprec/rfc7865-outbound.xml")),
        HubFixture.dropInto(drop, "20240315/q8dXb0yW.wav", out)};
    awaitGone(files);

    storedAndFoundByNumber("srs-1", "hVpd7YQgRW2nD22h7q60JQ==", in, "+447700900321");
    storedAndFoundByNumber("srs-1", "q8dXb0yWQmS4VdQ1o0l1Dg==", out, "07700900654");
  }

  @Test
  void threeCxRecordingsWithBracketsSpacesParenthesesAndUnicodeInTheirNamesAreStoredAndFound() throws Exception {
    Path drop = hub.addSource("3cx-1", "3cx", "", "3cx/Recordings", Map.of());
    hub.start();
    byte[] in = TestAudio.wav(1, 25);
    byte[] out = TestAudio.wav(1, 26);
    Path[] files = {HubFixture.dropInto(drop, "201/[Alice (home) Example]_+447700900123-201_20240315103000(17).wav", in),
        HubFixture.dropInto(drop, "202/[Zoë Müller-Łukasiewicz 王]_202-07700900456_20240315110000(18).wav", out)};
    awaitGone(files);

    storedAndFoundByNumber("3cx-1", "201/20240315103000(17)", in, "07700900123");
    storedAndFoundByNumber("3cx-1", "202/20240315110000(18)", out, "+447700900456");
  }

  @Test
  void orekaRecordingsWithTheirOrkTrackExportRowsAreStoredAndFoundByTheCustomersNumber() throws Exception {
    Path drop = hub.addSource("oreka-1", "oreka", "config/formats/oreka.yaml", "oreka", Map.of());
    hub.start();
    byte[] in = TestAudio.wav(1, 27);
    byte[] out = TestAudio.wav(1, 28);
    Path[] files = {HubFixture.dropInto(drop, "2024/03/15/15/20240315_150000_KUU.wav", in),
        HubFixture.dropInto(drop, "2024/03/15/15/20240315_151500_KVV.wav", out)};
    HubFixture.dropInto(drop, "orktrack-export.csv", fixture("oreka/orktrack-export.csv"));
    awaitGone(files);

    storedAndFoundByNumber("oreka-1", "20240315_150000_KUU", in, "07700900111");
    storedAndFoundByNumber("oreka-1", "20240315_151500_KVV", out, "0114627554");
  }

  @Test
  void genericRecordingsWithAJsonSidecarAreStoredAndFoundByTheCustomersNumber() throws Exception {
    Path drop = hub.addSource("gen-1", "generic", "config/formats/generic-json.yaml", "generic", Map.of());
    hub.start();
    byte[] in = TestAudio.wav(1, 29);
    byte[] out = TestAudio.wav(1, 30);
    String outbound = "{\"call\": {\"id\": \"GEN-4244\", \"started\": \"2024-03-15T17:00:00Z\", \"way\": \"outbound\"},"
        + " \"from\": {\"number\": \"211\"}, \"to\": {\"number\": \"07700900999\"}}";
    Path[] files = {HubFixture.dropInto(drop, "calls/call-4242.json", fixture("generic/call-4242.json")),
        HubFixture.dropInto(drop, "calls/call-4242.wav", in),
        HubFixture.dropInto(drop, "calls/call-4244.json", outbound.getBytes(StandardCharsets.UTF_8)),
        HubFixture.dropInto(drop, "calls/call-4244.wav", out)};
    awaitGone(files);

    // the inbound sidecar also marks a payment window, masked in the copy: compare outside it
    String id = RecordingIdentifier.recordingId("gen-1", "GEN-4242");
    assertThat(hub.subjectRecordings("+33 6 12 34 56 78").body()).contains(id);
    storedAndFoundByNumber("gen-1", "GEN-4244", out, "07700900999");
  }
}
