package io.callvault.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.audit.AuditEntry;
import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.DecisionEntry;
import io.callvault.catalog.RecordingEntry;
import io.callvault.catalog.SubjectKeys;
import io.callvault.crypto.GeneratedKey;
import io.callvault.crypto.KeyPairs;
import io.callvault.crypto.PublicKeys;
import io.callvault.crypto.RecordingEncryptor;
import io.callvault.demo.EmbeddedS3Server;
import io.callvault.policy.ExpiryAction;
import io.callvault.policy.LegalBasis;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import io.callvault.retention.Holds;
import io.callvault.source.PhoneNumbers;
import io.callvault.store.ObjectStore;
import io.callvault.store.S3Clients;
import io.callvault.store.S3Settings;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Access for a data subject (GDPR Art. 15) on a real catalog (H2) and S3 (S3Proxy) with real OpenPGP copies:
 * who sees which copies, what the access package holds with and without the purpose's key, and playback.
 */
class SubjectRightsTest {
  private static final String NUMBER = "+447700900123";
  private static final byte[] AUDIO = "RIFF....WAVEfmt pretend audio".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;
  private EmbeddedS3Server s3Server;
  private S3Client s3;
  private Catalog catalog;
  private AuditTrail audit;
  private SubjectKeys keys;
  private GeneratedKey pgp;
  private Purpose quality;
  private Purpose legal;

  @BeforeEach
  void seed() throws Exception {
    s3Server = new EmbeddedS3Server(null).start();
    s3 = S3Clients.build(S3Settings.compatible(s3Server.endpoint(), "us-east-1", s3Server.accessKey(), s3Server.secretKey()));
    catalog = Catalog.open(new CatalogSettings("jdbc:h2:file:" + dir.resolve("catalog/callvault"), "sa", ""));
    audit = new AuditTrail(catalog, Clock.systemUTC());
    keys = new SubjectKeys("subject-rights-test-secret".getBytes(StandardCharsets.UTF_8));
    pgp = KeyPairs.generate("dpo", "dpo <dpo@callvault.invalid>", dir.resolve("keys"));
    quality = new Purpose("quality", LegalBasis.LEGITIMATE_INTEREST, null, Period.ofMonths(6), "b-quality", "{id}.gpg",
        List.of(pgp.publicKeyFile()), ExpiryAction.DELETE);
    legal = new Purpose("legal", LegalBasis.LEGAL_OBLIGATION, null, Period.ofYears(5), "b-legal", "{id}.gpg",
        List.of(pgp.publicKeyFile()), ExpiryAction.DELETE);
    ObjectStore store = new ObjectStore(s3);
    store.ensureBucket("b-quality");
    store.ensureBucket("b-legal");
    storeCopies(store, "rec_000000000000000000000001", quality, legal);
  }

  @AfterEach
  void close() {
    catalog.close();
    s3.close();
    s3Server.close();
  }

  private void storeCopies(ObjectStore store, String id, Purpose... purposes) throws Exception {
    Instant now = Instant.now();
    catalog.saveRecording(new RecordingEntry(id, "pbx", "1.1", "in", "INBOUND", now, 10, 9, "ANSWERED",
        keys.keyOf(NUMBER), "WAV_PCM", RecordingEntry.RECEIVED, null, now));
    List<CopyEntry> copies = new java.util.ArrayList<>();
    for (Purpose p : purposes) {
      Path file = dir.resolve(id + "-" + p.name() + ".gpg");
      try (OutputStream out = Files.newOutputStream(file);
          OutputStream enc = new RecordingEncryptor().encrypt(out, PublicKeys.encryptionKeys(pgp.publicKeyFile()), id)) {
        enc.write(AUDIO);
      }
      var stored = store.putVerified(p.bucket(), id + ".gpg", file, Map.of("recording-id", id));
      copies.add(new CopyEntry(id, p.name(), p.legalBasis().yamlName(), p.bucket(), id + ".gpg", now.plusSeconds(3600),
          "a".repeat(64), AUDIO.length, stored.sha256Hex(), stored.size(), "WAV_PCM", CopyEntry.STORED, now));
    }
    catalog.finishRecording(id, RecordingEntry.STORED, "stored", copies,
        copies.stream().map(c -> new DecisionEntry(id, c.purpose(), DecisionEntry.GRANTED, "granted", now)).toList());
  }

  private SubjectRights rights(DecryptionKeys decryption) {
    return new SubjectRights(catalog, new ObjectStore(s3), keys, new PhoneNumbers("GB"),
        new PolicySet(List.of(quality, legal)), new Holds(catalog, Clock.systemUTC()), decryption, audit, Clock.systemUTC());
  }

  @Test
  void aNationalNumberFindsTheSameSubjectAndAReviewerSeesOnlyItsPurpose() {
    SubjectRights rights = rights(new DecryptionKeys(Map.of()));
    String key = rights.subjectKey("07700 900123");
    assertThat(key).isEqualTo(keys.keyOf(NUMBER));
    assertThat(rights.copies(key, p -> true)).extracting(SubjectRights.CopyView::purpose)
        .containsExactlyInAnyOrder("quality", "legal");
    assertThat(rights.copies(key, "quality"::equals)).extracting(SubjectRights.CopyView::purpose).containsExactly("quality");
  }

  @Test
  void theStatementCountsOnlyCopiesThatStillExistAndListsTheErasedOnesApart() throws Exception {
    CopyEntry legalCopy = catalog.findCopy("rec_000000000000000000000001", "legal").orElseThrow();
    storeCopies(new ObjectStore(s3), "rec_000000000000000000000002", quality);
    CopyEntry erased = catalog.findCopy("rec_000000000000000000000002", "quality").orElseThrow();
    catalog.saveCopy(new CopyEntry(erased.recordingId(), erased.purpose(), erased.legalBasis(), erased.bucket(),
        erased.objectKey(), erased.retainUntil(), erased.plaintextSha256(), erased.plaintextSize(),
        erased.ciphertextSha256(), erased.ciphertextSize(), erased.format(), CopyEntry.ERASED, erased.storedAt()));
    catalog.saveCopy(new CopyEntry(legalCopy.recordingId(), legalCopy.purpose(), legalCopy.legalBasis(),
        legalCopy.bucket(), legalCopy.objectKey(), legalCopy.retainUntil(), legalCopy.plaintextSha256(),
        legalCopy.plaintextSize(), legalCopy.ciphertextSha256(), legalCopy.ciphertextSize(), legalCopy.format(),
        CopyEntry.DELETED, legalCopy.storedAt()));
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    rights(new DecryptionKeys(Map.of())).export(keys.keyOf(NUMBER), "dpo", zip);

    String statement = new String(unzip(zip.toByteArray()).get("statement.txt"), StandardCharsets.UTF_8);
    assertThat(statement).contains("We hold 1 copy of call recordings linked to you:")
        .doesNotContain("We hold 3").doesNotContain("We hold 2");
    String held = statement.substring(statement.indexOf("We hold"), statement.indexOf("No longer held"));
    assertThat(held).contains("rec_000000000000000000000001").contains("purpose: quality")
        .doesNotContain("rec_000000000000000000000002").doesNotContain("purpose: legal");
    assertThat(statement).contains("No longer held: 2 copies of call recordings linked to you were erased or deleted:")
        .contains("(recording rec_000000000000000000000002), purpose quality: erased (your request")
        .contains("(recording rec_000000000000000000000001), purpose legal: deleted at the end of its retention");
  }

  @Test
  void theStatementDescribesPurposesAndRecipientsInWordsWherePoliciesDescribeThem() throws Exception {
    Purpose described = new Purpose(quality.name(), quality.legalBasis(), null, quality.retention(), quality.bucket(),
        quality.keyTemplate(), quality.recipients(), quality.onExpiry(), null, null, List.of(), Purpose.DEFAULT_TARGET,
        null, new io.callvault.policy.PurposeWording(Map.of("en", "Coaching our agents"),
            Map.of("en", List.of("the quality team", "team leaders"))));
    SubjectRights rights = new SubjectRights(catalog, new ObjectStore(s3), keys, new PhoneNumbers("GB"),
        new PolicySet(List.of(described, legal)), new Holds(catalog, Clock.systemUTC()), new DecryptionKeys(Map.of()),
        audit, Clock.systemUTC());
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    rights.export(keys.keyOf(NUMBER), "dpo", zip);

    String statement = new String(unzip(zip.toByteArray()).get("statement.txt"), StandardCharsets.UTF_8);
    assertThat(statement).contains("purpose: Coaching our agents (quality)")
        .contains("recipients: the quality team, team leaders")
        .contains("purpose: legal").contains("recipients: [dpo.pub.asc]"); // legal describes itself in no words
    assertThat(statement.split("recipients: \\[dpo.pub.asc]", -1)).as("key file names only where no words are given")
        .hasSize(2);
  }

  @Test
  void theStatementIsInTheRequestedLanguageWithThePurposesFrenchWordsAndEnglishWhereFrenchIsMissing() throws Exception {
    Purpose described = new Purpose(quality.name(), quality.legalBasis(), null, quality.retention(), quality.bucket(),
        quality.keyTemplate(), quality.recipients(), quality.onExpiry(), null, null, List.of(), Purpose.DEFAULT_TARGET,
        null, new io.callvault.policy.PurposeWording(Map.of("en", "Coaching our agents", "fr", "Former nos conseillers"),
            Map.of("en", List.of("the quality team"))));
    SubjectRights rights = new SubjectRights(catalog, new ObjectStore(s3), keys, new PhoneNumbers("GB"),
        new PolicySet(List.of(described, legal)), new Holds(catalog, Clock.systemUTC()), new DecryptionKeys(Map.of()),
        audit, Clock.systemUTC());
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    rights.export(keys.keyOf(NUMBER), "dpo", zip, io.callvault.notice.Language.FR);

    String statement = new String(unzip(zip.toByteArray()).get("statement.txt"), StandardCharsets.UTF_8);
    assertThat(statement).startsWith("Accès aux données personnelles (RGPD, article 15)")
        .contains("Nous détenons 2 copies d'enregistrements d'appels vous concernant :")
        .contains("finalité : Former nos conseillers (quality)")
        .contains("destinataires : the quality team") // no French words given: the English ones
        .contains("base légale : notre intérêt légitime (art. 6, paragraphe 1, point f)")
        .contains("état : conservée").contains("Vos droits :").doesNotContain("We hold").doesNotContain(NUMBER);
    assertThat(statement).containsPattern("conservation : \\d+ (an|ans|mois)");
  }

  @Test
  void theAccessPackageDecryptsWhatTheHubHoldsAKeyForAndSaysWhoCanDecryptTheRest() throws Exception {
    SubjectRights rights = rights(new DecryptionKeys(Map.of("quality", new DecryptionKeys.Key(pgp.secretKeyFile(), null))));
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    rights.export(keys.keyOf(NUMBER), "dpo", zip);

    Map<String, byte[]> entries = unzip(zip.toByteArray());
    assertThat(entries).containsKeys("metadata.json", "statement.txt",
        "audio/quality/rec_000000000000000000000001.wav", "audio/legal/rec_000000000000000000000001.wav.gpg",
        "audio/README.txt");
    assertThat(entries.get("audio/quality/rec_000000000000000000000001.wav")).isEqualTo(AUDIO);
    assertThat(new String(entries.get("audio/README.txt"), StandardCharsets.UTF_8)).contains("legal").contains("dpo.pub.asc");
    String statement = new String(entries.get("statement.txt"), StandardCharsets.UTF_8);
    assertThat(statement).contains("Art. 15").contains("legitimate-interest").doesNotContain(NUMBER);
    AuditEntry last = audit.read(audit.lastSeq(), 1).get(0);
    assertThat(last.action()).isEqualTo("EXPORT");
    assertThat(last.target()).isEqualTo(keys.keyOf(NUMBER));
  }

  @Test
  void playbackStreamsTheDecryptedAudioOnlyWhereTheHubHoldsTheKey() throws Exception {
    SubjectRights rights = rights(new DecryptionKeys(Map.of("quality", new DecryptionKeys.Key(pgp.secretKeyFile(), null))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    rights.audio("rec_000000000000000000000001", "quality", "reviewer", out);
    assertThat(out.toByteArray()).isEqualTo(AUDIO);

    assertThatThrownBy(() -> rights.checkAudio("rec_000000000000000000000001", "legal"))
        .isInstanceOf(SubjectRights.NoKeyException.class).hasMessageContaining("rights.decryption-key.legal");
    assertThatThrownBy(() -> rights.checkAudio("rec_000000000000000000000002", "quality"))
        .isInstanceOf(SubjectRights.NoSuchCopyException.class);
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }
}
