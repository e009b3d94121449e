package io.callvault.camel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.RecordingIdentifier;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole ingest over real SFTP (MINA SSHD), S3 (S3Proxy) and HTTP (WireMock). */
class IngestIT extends HubIT {
  private static final String GRANTED_CALLER = "07700900123";
  private static final String DENIED_CALLER = "07700900456";
  private static final String CONSENT = "subject,training,quality\n+447700900123,granted,\n+447700900456,denied,\n";




  private static String inbound(String caller, String uniqueId) {
    return "2024/03/15/in-201-" + caller + "-20240315-103000-" + uniqueId + ".wav";
  }


  private Catalog catalog() {
    return hub.hub.beans().catalog();
  }

  @Test
  void droppedFileIsStoredOncePerPurposeDecryptsWithGpgAndLeavesTheDrop() throws Exception {
    hub.consentCsv(CONSENT).start();
    String path = inbound(GRANTED_CALLER, "1710498600.1");
    byte[] audio = TestAudio.wav(2, 1);
    Path source = hub.dropFile(path, audio);
    String id = recordingId(path);

    HubFixture.await("the source file leaves the drop", WAIT, () -> !Files.exists(source));

    assertThat(hub.hub.camelContext().isStreamCaching()).as("stream caching would hold plaintext").isFalse();
    List<CopyEntry> copies = catalog().copiesOf(id);
    assertThat(copies).extracting(CopyEntry::purpose).containsExactlyInAnyOrder("training", "quality", "legal");
    for (CopyEntry c : copies) {
      assertThat(c.bucket()).isEqualTo("callvault-" + c.purpose());
      assertThat(c.objectKey()).isEqualTo("2024/03/15/" + id + ".wav.gpg").doesNotContain(GRANTED_CALLER);
      assertThat(c.plaintextSize()).isEqualTo(audio.length);
      Path cipher = dir.resolve(c.purpose() + ".gpg");
      try (InputStream in = hub.hub.beans().objectStore().get(c.bucket(), c.objectKey())) {
        Files.copy(in, cipher);
      }
      assertThat(TestAudio.gpgDecrypt(cipher, hub.secretKey, dir)).isEqualTo(audio);
    }
    software.amazon.awssdk.services.s3.S3Client s3 = hub.hub.camelContext().getRegistry()
        .lookupByNameAndType("s3Client-default", software.amazon.awssdk.services.s3.S3Client.class);
    java.util.Map<String, java.util.Map<String, String>> meta = new java.util.HashMap<>();
    for (CopyEntry c : copies) {
      meta.put(c.purpose(), s3.headObject(b -> b.bucket(c.bucket()).key(c.objectKey())).metadata());
    }
    assertThat(meta.get("quality")).containsEntry("call-direction", "inbound").containsEntry("call-type", "in")
        .containsEntry("purpose", "quality").containsEntry("legal-basis", "legitimate-interest");
    assertThat(meta.get("quality").get("call-agent")).as("the agent is a keyed hash, never the extension")
        .matches("[0-9a-f]{64}").isEqualTo(hub.hub.beans().subjectKeys().keyOf("extension:asterisk-1:201"));
    assertThat(meta.get("training").keySet()).as("training keeps no call metadata but its duration")
        .noneMatch(k -> k.startsWith("call-") && !k.equals("call-duration"));
    assertThat(meta.get("legal")).containsKeys("call-start", "retain-until", "plaintext-sha256");
    assertThat(meta.values().toString()).doesNotContain("7700900123");
    assertThat(catalog().findRecording(id)).get().satisfies(r -> {
      assertThat(r.state()).isEqualTo("STORED");
      assertThat(r.subjectKey()).hasSize(64).doesNotContain("7700900123");
    });
  }

  @Test
  void callerWithoutConsentGetsNoTrainingCopyButALegalOne() throws Exception {
    hub.consentCsv(CONSENT).start();
    String path = inbound(DENIED_CALLER, "1710498601.2");
    Path source = hub.dropFile(path, TestAudio.wav(1, 2));
    String id = recordingId(path);

    HubFixture.await("the source file leaves the drop", WAIT, () -> !Files.exists(source));

    assertThat(catalog().copiesOf(id)).extracting(CopyEntry::purpose).containsExactlyInAnyOrder("quality", "legal");
    assertThat(hub.hub.beans().objectStore().exists("callvault-training", "2024/03/15/" + id + ".wav.gpg")).isFalse();
  }

  @Test
  void recordingWithNoGrantedPurposeIsDiscardedWithItsDecisionAndNoAudio() throws Exception {
    String trainingOnly = Files.readString(hub.dir.resolve("policies.yaml")).split("\n  # Quality")[0];
    Files.writeString(hub.dir.resolve("policies.yaml"), trainingOnly);
    hub.consentCsv(CONSENT).start();
    String path = inbound(DENIED_CALLER, "1710498606.7");
    Path source = hub.dropFile(path, TestAudio.wav(1, 8));
    String id = recordingId(path);

    HubFixture.await("the source file leaves the drop", WAIT, () -> !Files.exists(source));

    assertThat(catalog().findRecording(id)).get().extracting(r -> r.state()).isEqualTo("DISCARDED");
    assertThat(catalog().copiesOf(id)).isEmpty();
    assertThat(catalog().decisionsFor(id)).singleElement().satisfies(d -> {
      assertThat(d.outcome()).isEqualTo("DENIED");
      assertThat(d.reason()).contains("denied");
    });
    assertThat(countObjects()).isZero();
  }

  @Test
  void crmDownStoresNothingUnderConsentPurposesAndKeepsTheSourceUntilItAnswers() throws Exception {
    WireMockServer crm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    crm.start();
    try {
      crm.stubFor(get(urlPathMatching("/consent/.*")).willReturn(aResponse().withStatus(503)));
      hub.overrides.put("consent.source", "http");
      hub.overrides.put("consent.http.url-template", crm.baseUrl() + "/consent/{subject}");
      hub.overrides.put("consent.http.flag.training", "/training");
      hub.overrides.put("consent.http.value.true", "GRANTED");
      hub.overrides.put("consent.http.value.false", "DENIED");
      hub.overrides.put("consent.circuit.open-seconds", "2"); // the default 30 s open circuit would outlast WAIT
      hub.start();
      String path = inbound(GRANTED_CALLER, "1710498602.3");
      Path source = hub.dropFile(path, TestAudio.wav(1, 3));
      String id = recordingId(path);

      HubFixture.await("the legal copy is stored without waiting for consent", WAIT,
          () -> catalog().findCopy(id, "legal").isPresent());
      Thread.sleep(1000); // several more polls while the CRM is still down
      assertThat(catalog().findCopy(id, "training")).isEmpty();
      assertThat(source).exists();
      assertThat(catalog().findRecording(id)).get().extracting(r -> r.state()).isEqualTo("PENDING");

      crm.stubFor(get(urlPathMatching("/consent/.*")).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/json").withBody("{\"training\": true}")));
      HubFixture.await("the source leaves the drop once the CRM answers", WAIT, () -> !Files.exists(source));
      assertThat(catalog().copiesOf(id)).extracting(CopyEntry::purpose).containsExactlyInAnyOrder("training", "quality", "legal");
    } finally {
      crm.stop();
    }
  }

  @Test
  void unidentifiableFileIsQuarantinedWithAReasonFile() throws Exception {
    hub.consentCsv(CONSENT).start();
    Path source = hub.dropFile("2024/03/15/voicemail-greeting.wav", TestAudio.wav(1, 4));
    Path quarantined = hub.drop.resolve(".quarantine/2024/03/15/voicemail-greeting.wav");
    Path reason = hub.drop.resolve(".quarantine/2024/03/15/voicemail-greeting.wav.reason.txt");

    HubFixture.await("the file is in quarantine", WAIT, () -> HubFixture.written(reason));

    assertThat(source).doesNotExist();
    assertThat(quarantined).exists();
    assertThat(Files.readString(reason)).contains("cannot identify");
    assertThat(catalog().quarantined()).singleElement().satisfies(q -> assertThat(q.reason()).contains("cannot identify"));
  }

  @Test
  void brokenAudioWithAValidNameIsQuarantinedNotStored() throws Exception {
    hub.consentCsv(CONSENT).start();
    String path = inbound(GRANTED_CALLER, "1710498605.6");
    hub.dropFile(path, "this is not audio".getBytes());
    Path reason = hub.drop.resolve(".quarantine/" + path + ".reason.txt");

    HubFixture.await("the file is in quarantine", WAIT, () -> HubFixture.written(reason));

    assertThat(Files.readString(reason)).contains("not a RIFF/WAVE file");
    assertThat(catalog().copiesOf(recordingId(path))).isEmpty();
  }

  @Test
  void droppingTheSameFileAgainCreatesNoDuplicateObjectsOrRows() throws Exception {
    hub.consentCsv(CONSENT).start();
    String path = inbound(GRANTED_CALLER, "1710498603.4");
    byte[] audio = TestAudio.wav(1, 5);
    Path source = hub.dropFile(path, audio);
    String id = recordingId(path);
    HubFixture.await("first ingest", WAIT, () -> !Files.exists(source));
    long objectsBefore = countObjects();

    hub.dropFile(path, audio);
    HubFixture.await("second ingest", WAIT, () -> !Files.exists(source));

    assertThat(catalog().copiesOf(id)).hasSize(3);
    assertThat(countObjects()).isEqualTo(objectsBefore).isEqualTo(3);
  }

  @Test
  void twoPbxSourcesRunSideBySide() throws Exception {
    Path secondRoot = Files.createDirectories(dir.resolve("sftp2"));
    Path secondDrop = Files.createDirectories(secondRoot.resolve("recordings"));
    try (io.callvault.demo.EmbeddedSftpServer second =
        new io.callvault.demo.EmbeddedSftpServer(secondRoot, dir.resolve("hostkey2.pem"), "pbx2", "other-pw")) {
      second.start();
      Path knownHosts2 = second.writeKnownHosts(dir.resolve("known_hosts2"));
      String copy = Files.readString(hub.routes.resolve("pbx-asterisk-1.camel.yaml"))
          .replace("pbx-asterisk-1", "pbx-asterisk-2").replace("asterisk-1", "asterisk-2").replace("pbx1.", "pbx2.");
      Files.writeString(hub.routes.resolve("pbx-asterisk-2.camel.yaml"), copy);
      hub.overrides.put("pbx2.host", "127.0.0.1");
      hub.overrides.put("pbx2.port", Integer.toString(second.port()));
      hub.overrides.put("pbx2.username", "pbx2");
      hub.overrides.put("pbx2.password", "other-pw");
      hub.overrides.put("pbx2.directory", "recordings");
      hub.overrides.put("pbx2.timezone", "Europe/Paris");
      hub.overrides.put("pbx2.poll-interval", "200");
      hub.overrides.put("pbx2.known-hosts-file", knownHosts2.toString());
      hub.consentCsv(CONSENT).start();

      Path first = hub.dropFile(inbound(GRANTED_CALLER, "1710498604.5"), TestAudio.wav(1, 6));
      Path secondFile = secondDrop.resolve("out-0033612345678-201-20240315-110000-1710500000.9.wav");
      Files.createDirectories(secondFile.getParent());
      Files.write(secondFile, TestAudio.wav(1, 7));
      Files.setLastModifiedTime(secondFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));

      HubFixture.await("both drops are emptied", WAIT, () -> !Files.exists(first) && !Files.exists(secondFile));
      assertThat(catalog().recordingCountsByState()).containsEntry("STORED", 2L);
      String secondId = new RecordingIdentifier(new PhoneNumbers("GB"), java.time.ZoneId.of("Europe/Paris"), new io.callvault.catalog.SubjectKeys("test-subject-secret-0123".getBytes(java.nio.charset.StandardCharsets.UTF_8))::keyOf)
          .identify("asterisk-2", "out-0033612345678-201-20240315-110000-1710500000.9.wav", (io.callvault.source.CdrRecord) null).id();
      assertThat(catalog().findRecording(secondId)).get().satisfies(r -> {
        assertThat(r.sourceId()).isEqualTo("asterisk-2");
        assertThat(r.start()).isEqualTo(java.time.Instant.parse("2024-03-15T10:00:00Z"));
      });
    }
  }

  @Test
  void restartBetweenUploadAndCatalogCommitLeavesNoDuplicateObjectsOrRows() throws Exception {
    hub.consentCsv(CONSENT).start();
    String path = inbound(GRANTED_CALLER, "1710498607.8");
    byte[] audio = TestAudio.wav(1, 9);
    Path source = hub.dropFile(path, audio);
    String id = recordingId(path);
    HubFixture.await("first ingest", WAIT, () -> !Files.exists(source));
    // The state a crash leaves between "objects uploaded" and "catalog committed": objects, no rows.
    try (java.sql.Connection c = catalog().dataSource().getConnection()) {
      for (String table : List.of("copies", "decisions", "recordings")) {
        try (java.sql.PreparedStatement st = c.prepareStatement("delete from " + table + " where "
            + (table.equals("recordings") ? "id" : "recording_id") + " = ?")) {
          st.setString(1, id);
          st.executeUpdate();
        }
      }
      c.commit();
    }

    hub.dropFile(path, audio);
    HubFixture.await("the file is ingested again", WAIT, () -> !Files.exists(source));

    assertThat(catalog().copiesOf(id)).hasSize(3);
    assertThat(countObjects()).isEqualTo(3);
  }

  @Test
  void anS3OutageKeepsTheFileWithoutCountingAttemptsAndItIsStoredWhenS3IsBack() throws Exception {
    hub.overrides.put("callvault.dependency-check-interval", "PT0.5S");
    hub.consentCsv(CONSENT).start();
    hub.stopS3();
    String path = inbound(GRANTED_CALLER, "1710498608.9");
    Path source = hub.dropFile(path, TestAudio.wav(1, 10));
    var dependencies = hub.hub.beans().dependencies();
    HubFixture.await("S3 is known to be down", WAIT, () -> !dependencies.isUp("s3"));
    Thread.sleep(3000); // 15 polls at 200 ms while S3 is down: far more than max-attempts (3)

    assertThat(source).as("still in the drop").exists();
    assertThat(hub.drop.resolve(".quarantine")).doesNotExist();
    assertThat(catalog().copiesOf(recordingId(path))).isEmpty();

    hub.restartS3();
    HubFixture.await("the file is stored once S3 is back", WAIT, () -> !Files.exists(source));
    assertThat(catalog().copiesOf(recordingId(path))).hasSize(3);
    assertThat(dependencies.isUp("s3")).as("the outage ended").isTrue();
    assertThat(hub.drop.resolve(".quarantine")).doesNotExist();
  }



  @Test
  void catalogOnPostgresqlRecordsTheSameIngest() throws Exception {
    io.callvault.catalog.CatalogSettings pg = io.callvault.catalog.TestPostgres.get().freshSchema();
    hub.catalog(pg);
    hub.consentCsv(CONSENT).start();
    String path = inbound(DENIED_CALLER, "1710498609.10");
    Path source = hub.dropFile(path, TestAudio.wav(1, 11));
    String id = recordingId(path);

    HubFixture.await("the source file leaves the drop", WAIT, () -> !Files.exists(source));

    assertThat(catalog().copiesOf(id)).extracting(CopyEntry::purpose).containsExactlyInAnyOrder("quality", "legal");
    assertThat(catalog().decisionsFor(id)).extracting(d -> d.purpose() + "=" + d.outcome())
        .containsExactlyInAnyOrder("training=DENIED", "quality=GRANTED", "legal=GRANTED");
  }

  private long countObjects() throws Exception {
    try (Stream<Path> s = Files.walk(hub.dir.resolve("s3"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".gpg")).count();
    }
  }
}
