package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.source.RecordingIdentifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recordings and their metadata files arriving in either order and at different times, over real SFTP: the one
 * that comes first waits (never counted as a failed attempt), an orphan is quarantined after
 * callvault.pairing.wait with its reason, a restart keeps the wait, and malicious XML quarantines the pair.
 */
class PairingIT extends HubIT {
  private Path drop;

  private void avayaSource(String wait) throws Exception {
    hub.overrides.put("callvault.pairing.wait", wait);
    drop = hub.addSource("avaya-1", "avaya", "", "avaya", Map.of());
  }

  private static String id(String uniqueId) {
    return RecordingIdentifier.recordingId("avaya-1", uniqueId);
  }

  private Path reason(String rel) {
    return drop.resolve(".quarantine/" + rel + DropFiles.REASON_SUFFIX);
  }

  @Test
  void audioThatArrivesBeforeItsMetadataWaitsWithoutCountingAttemptsAndIsStoredWhenItComes() throws Exception {
    avayaSource("PT5M");
    hub.start();
    Path audio = HubFixture.dropInto(drop, "2024/03/15/CS-000123.wav", TestAudio.wav(1, 31));
    HubFixture.await("the audio is seen waiting", WAIT, () -> hub.opened.stream().anyMatch(p -> p.endsWith("CS-000123.wav")));
    Thread.sleep(1000); // several polls of 200 ms: it must still be there, with no failure counted
    assertThat(audio).exists();
    assertThat(hub.hub.beans().catalog().failuresOf(DropFiles.ref(hub.hub.beans().subjectKeys(), "avaya-1",
        fileAt("2024/03/15/CS-000123.wav")))).isZero();

    Path xml = HubFixture.dropInto(drop, "2024/03/15/CS-000123.xml", FormatsIT.fixture("avaya/contactstore-inbound.xml"));
    HubFixture.await("the pair is stored", WAIT, () -> !Files.exists(audio) && !Files.exists(xml));
    assertThat(hub.hub.beans().catalog().copiesOf(id("CS-2024-0315-000123"))).isNotEmpty();
  }

  @Test
  void metadataThatArrivesFirstWaitsForItsAudio() throws Exception {
    avayaSource("PT5M");
    hub.start();
    Path xml = HubFixture.dropInto(drop, "CS-000124.xml", FormatsIT.fixture("avaya/contactstore-outbound.xml"));
    HubFixture.await("the metadata is read", WAIT, () -> hub.opened.stream().anyMatch(p -> p.endsWith("CS-000124.xml")));
    Thread.sleep(1000);
    assertThat(xml).exists();

    Path audio = HubFixture.dropInto(drop, "CS-000124.wav", TestAudio.wav(1, 32));
    HubFixture.await("the pair is stored", WAIT, () -> !Files.exists(audio) && !Files.exists(xml));
    assertThat(hub.hub.beans().catalog().copiesOf(id("CS-2024-0315-000124"))).isNotEmpty();
  }

  @Test
  void orphansAreQuarantinedAfterTheWaitWithTheirReason() throws Exception {
    avayaSource("PT2S");
    hub.start();
    HubFixture.dropInto(drop, "lonely/CS-9.wav", TestAudio.wav(1, 33));
    HubFixture.dropInto(drop, "lonely/CS-8.xml", FormatsIT.fixture("avaya/contactstore-inbound.xml"));

    HubFixture.await("the audio orphan is quarantined", WAIT, () -> HubFixture.written(reason("lonely/CS-9.wav")));
    HubFixture.await("the metadata orphan is quarantined", WAIT, () -> HubFixture.written(reason("lonely/CS-8.xml")));
    assertThat(Files.readString(reason("lonely/CS-9.wav"))).contains("orphan recording")
        .contains("sidecar has not arrived").contains("callvault.pairing.wait");
    assertThat(Files.readString(reason("lonely/CS-8.xml"))).contains("orphan metadata file");
    assertThat(drop.resolve("lonely/CS-9.wav")).doesNotExist();
  }

  @Test
  void aRestartWhileARecordingWaitsKeepsItsWaitAndItsPairStillJoinsIt() throws Exception {
    avayaSource("PT1M");
    hub.start();
    Path audio = HubFixture.dropInto(drop, "CS-000123.wav", TestAudio.wav(1, 34));
    HubFixture.await("the audio is seen waiting", WAIT, () -> hub.opened.stream().anyMatch(p -> p.endsWith("CS-000123.wav")));
    Thread.sleep(600);
    hub.hub.close();
    java.time.Instant waitStart = pairingRow();
    assertThat(waitStart).as("the wait is in the catalog").isNotNull();

    hub.start();
    Path xml = HubFixture.dropInto(drop, "CS-000123.xml", FormatsIT.fixture("avaya/contactstore-inbound.xml"));
    HubFixture.await("the pair is stored after the restart", WAIT, () -> !Files.exists(audio) && !Files.exists(xml));
    assertThat(hub.hub.beans().catalog().copiesOf(id("CS-2024-0315-000123"))).isNotEmpty();
  }

  @Test
  void malicousXmlQuarantinesTheMetadataAndItsRecordingWithoutReadingAnything() throws Exception {
    avayaSource("PT5M");
    hub.start();
    Path xml = HubFixture.dropInto(drop, "CS-666.xml", FormatsIT.fixture("malicious/xxe-file.xml"));
    HubFixture.dropInto(drop, "CS-666.wav", TestAudio.wav(1, 35));
    HubFixture.dropInto(drop, "CS-667.xml", FormatsIT.fixture("malicious/billion-laughs.xml"));
    HubFixture.dropInto(drop, "CS-667.wav", TestAudio.wav(1, 36));

    HubFixture.await("the XXE pair is quarantined", WAIT, () -> HubFixture.written(reason("CS-666.wav")));
    HubFixture.await("the billion laughs pair is quarantined", WAIT, () -> HubFixture.written(reason("CS-667.wav")));
    assertThat(Files.readString(reason("CS-666.wav"))).contains("DTD").doesNotContain("root:");
    assertThat(Files.readString(reason("CS-667.wav"))).contains("DTD");
    assertThat(drop.resolve(".quarantine/CS-666.xml")).exists();
    assertThat(xml).doesNotExist();
  }

  /** The pairing row's audio wait start, read from the catalog file while no hub holds it. */
  private java.time.Instant pairingRow() throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("catalog/callvault"), "sa", "");
        var rs = c.createStatement().executeQuery("select audio_since from pairing_waits")) {
      return rs.next() ? rs.getObject(1, java.time.OffsetDateTime.class).toInstant() : null;
    }
  }

  /** A stand-in for the listed file, for its opaque ref. */
  private org.apache.camel.component.file.GenericFile<Object> fileAt(String rel) {
    org.apache.camel.component.file.GenericFile<Object> f = new org.apache.camel.component.file.GenericFile<>();
    f.setRelativeFilePath(rel);
    return f;
  }
}
