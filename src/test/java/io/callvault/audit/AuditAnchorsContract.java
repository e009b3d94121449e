package io.callvault.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.store.ObjectLock;
import io.callvault.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The audit trail against its anchors, as a database writer attacks it: each attack keeps the hash chain
 * consistent (a chain-only check passes), and the verification names the anchor it contradicts. Run
 * unchanged against every supported database.
 */
abstract class AuditAnchorsContract {

  @TempDir Path dir;
  CatalogSettings settings;
  Catalog catalog;
  AuditTrail trail;
  AuditAnchors anchors;
  TrailWriter writer;
  final MutableClock clock = new MutableClock(Instant.parse("2024-03-15T10:00:00Z"));

  /** Settings of a new, empty database (or schema). */
  abstract CatalogSettings freshSettings();

  @BeforeEach
  void open() {
    settings = freshSettings();
    catalog = Catalog.open(settings);
    trail = new AuditTrail(catalog, clock);
    anchors = AuditAnchors.open(anchorSettings(dir.resolve("anchors"), null), trail, null, clock, true);
    trail = trail.checkedAgainst(anchors);
    writer = new TrailWriter(settings, trail);
  }

  @AfterEach
  void close() {
    if (catalog != null) {
      catalog.close();
    }
  }

  AnchorSettings anchorSettings(Path anchorDir, String publicKeys) {
    return new AnchorSettings(null, dir.resolve("keys/audit-anchor.key"), publicKeys, anchorDir, null,
        "audit-anchors/", ObjectLock.Mode.GOVERNANCE, Period.ofYears(10), "hub-1", "test.properties");
  }

  // ---------------------------------------------------------------- the three attacks

  @Test
  void rewriteAndRehashIsDetectedAndNamesTheAnchorItContradicts() throws Exception {
    Anchor at10 = appendAndAnchor(10);
    Anchor at30 = appendAndAnchor(20);
    appendAndAnchor(10);

    writer.rewriteAndRehash(17, "nothing to see");

    assertThat(trail.verify(AnchorSet.NONE).intact()).as("the chain alone cannot tell").isTrue();
    VerifyResult result = trail.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.contradictedAnchor().location()).isEqualTo(at30.source());
    assertThat(result.contradictedAnchor().seq()).isEqualTo(30);
    assertThat(result.brokenAt()).isEqualTo(11);
    assertThat(result.problem())
        .startsWith("entry 30 does not match anchor " + at30.source() + " (entry 30, signed 2024-03-15T")
        .contains("an entry from 11 to 30 was rewritten and the chain re-hashed after the anchor was signed")
        .contains("anchor " + at10.source() + " (entry 10");
    assertThat(result.describe()).startsWith("audit trail broken: entry 30 does not match anchor " + at30.source());
  }

  @Test
  void truncateAndMoveHeadIsDetectedAndNamesTheAnchorItContradicts() throws Exception {
    appendAndAnchor(20);
    Anchor at30 = appendAndAnchor(10);

    writer.truncateAndMoveHead(24);

    assertThat(trail.verify(AnchorSet.NONE).intact()).as("the chain alone cannot tell").isTrue();
    VerifyResult result = trail.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenAt()).isEqualTo(25);
    assertThat(result.contradictedAnchor().location()).isEqualTo(at30.source());
    assertThat(result.problem()).isEqualTo("the trail ends at entry 24, but anchor " + at30.describe()
        + " was signed when it had 30 entries: entries 25 to 30 were cut and the head moved");
  }

  @Test
  void deleteAllIsDetectedAndNamesTheAnchorItContradicts() throws Exception {
    Anchor at12 = appendAndAnchor(12);

    writer.deleteAll();

    assertThat(trail.verify(AnchorSet.NONE).intact()).as("the chain alone cannot tell").isTrue();
    VerifyResult result = trail.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.entriesChecked()).isZero();
    assertThat(result.contradictedAnchor().location()).isEqualTo(at12.source());
    assertThat(result.problem()).isEqualTo("the trail is empty, but anchor " + at12.describe()
        + " was signed when it had 12 entries: the whole trail was deleted and the head moved");
  }

  @Test
  void trailDeletedAndRefilledByTheHubIsDetectedAtTheAnchoredEntry() throws Exception {
    Anchor at5 = appendAndAnchor(5);
    writer.deleteAll();
    append(8); // the hub carries on: new entries 1..8, other hashes

    VerifyResult result = trail.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.contradictedAnchor().location()).isEqualTo(at5.source());
    assertThat(result.problem()).startsWith("entry 5 does not match anchor " + at5.source());
  }

  // ---------------------------------------------------------------- forged and missing anchors

  @Test
  void anchorAlteredToMatchARewrittenTrailIsReportedAndNotTrusted() throws Exception {
    Anchor at10 = appendAndAnchor(10);
    writer.rewriteAndRehash(4, "nothing to see");
    Path file = Path.of(at10.source());
    String rewrittenHash = trail.read(10, 1).get(0).hash();
    Files.writeString(file, Files.readString(file).replace(at10.hash(), rewrittenHash));

    VerifyResult result = trail.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.anchorsChecked()).isZero();
    assertThat(result.untrustedAnchors()).containsExactly(file + ": signature does not verify: forged or altered");
    assertThat(result.problem()).isEqualTo("anchor " + file + ": signature does not verify: forged or altered;"
        + " it is not trusted: find out who wrote it");
  }

  @Test
  void anchorSignedWithAnotherKeyIsNotTrustedAndTheGenuineOneStillCatchesTheRewrite() throws Exception {
    Anchor genuine = appendAndAnchor(10);
    writer.rewriteAndRehash(4, "nothing to see");
    AuditEntry head = trail.read(10, 1).get(0);
    KeyPair attacker = AnchorKeys.generate();
    Anchor forged = Anchor.unsigned(10, head.hash(), clock.instant().plusSeconds(60), "hub-1", "scheduled",
        AnchorKeys.keyId(attacker.getPublic()));
    forged = forged.signedWith(Base64.getEncoder().encodeToString(AnchorKeys.sign(attacker.getPrivate(), forged.signedBytes())));
    Files.write(dir.resolve("anchors").resolve(forged.fileName()), forged.toJson());

    VerifyResult result = trail.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.contradictedAnchor().location()).isEqualTo(genuine.source());
    assertThat(result.untrustedAnchors()).singleElement().asString()
        .contains(forged.fileName()).contains("signed by key " + forged.keyId() + ", which is not a trusted key");
  }

  @Test
  void trailWithoutAnchorsVerifiesItsChainAndSaysNoAnchorsWereFound() {
    append(3);

    VerifyResult result = trail.verify();
    assertThat(result.intact()).isTrue();
    assertThat(result.anchorsChecked()).isZero();
    assertThat(result.notes()).containsExactly("no anchors found: a database writer could rewrite the trail"
        + " undetected (searched " + dir.resolve("anchors") + ")");
    assertThat(result.describe()).startsWith("audit trail intact: 3 entries (hash chain only)\nno anchors found");
  }

  @Test
  void intactTrailAgreesWithItsAnchorsAndNamesTheUnanchoredTail() {
    appendAndAnchor(10);
    Anchor at25 = appendAndAnchor(15);
    append(5);

    VerifyResult result = trail.verify();
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.anchorsChecked()).isEqualTo(2);
    assertThat(result.latestAnchor().location()).isEqualTo(at25.source());
    assertThat(result.notes()).containsExactly("entries 26 to 30 came after the latest anchor: cutting them would go"
        + " unnoticed until the next anchor covers them");
    assertThat(result.describe()).startsWith("audit trail intact: 30 entries, consistent with 2 signed anchors;"
        + " the latest covers entry 25 (" + at25.source());
  }

  @Test
  void verifierWithOnlyThePublicKeyChecksTheAnchors() throws Exception {
    Anchor at10 = appendAndAnchor(10);
    writer.truncateAndMoveHead(7);
    Path pub = dir.resolve("auditor.pub");
    Files.copy(dir.resolve("keys/audit-anchor.pub"), pub);
    Files.delete(dir.resolve("keys/audit-anchor.key"));

    AuditAnchors auditor = AuditAnchors.open(anchorSettings(dir.resolve("anchors"), pub.toString()),
        new AuditTrail(catalog, clock), null, clock, false);

    VerifyResult result = auditor.verify();
    assertThat(result.contradictedAnchor().location()).isEqualTo(at10.source());
    assertThat(auditor.keyId()).isNull();
    assertThatThrownBy(() -> auditor.anchorNow(AuditAnchors.MANUAL)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audit.anchor.signing-key");
  }

  // ---------------------------------------------------------------- writing anchors

  @Test
  void anchorIsASignedFileThatOnlyTheHubCanReadAndNothingIsAnchoredTwice() throws Exception {
    assertThat(anchors.anchorNow(AuditAnchors.SCHEDULED)).as("an empty trail has nothing to anchor").isEmpty();
    Anchor a = appendAndAnchor(3);
    clock.advance(Duration.ofMinutes(5));
    assertThat(anchors.anchorNow(AuditAnchors.SCHEDULED)).as("same head").isEmpty();

    Path file = Path.of(a.source());
    assertThat(file.getFileName().toString()).isEqualTo("anchor-000000000003-20240315T100100.000000Z-hub-1.json");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(dir.resolve("keys/audit-anchor.key")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String json = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(json).contains("\"seq\" : 3", "\"hash\" : \"" + trail.read(3, 1).get(0).hash() + "\"",
        "\"why\" : \"scheduled\"", "\"hub\" : \"hub-1\"");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).hasSize(1);
    }
    assertThatThrownBy(() -> new DirectoryAnchorSink(file.getParent()).write(file.getFileName().toString(), new byte[1]))
        .hasMessageContaining("never overwritten");
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(json);
  }

  @Test
  void anchorIfMovedWritesOnlyWhenTheTrailGrew() {
    append(2);
    AuditTrail.Head start = trail.head();
    assertThat(anchors.anchorIfMoved(AuditAnchors.HUB_STOP, start)).isEmpty();
    append(1);
    assertThat(anchors.anchorIfMoved(AuditAnchors.HUB_STOP, start)).get().extracting(Anchor::seq, Anchor::why)
        .containsExactly(3L, "hub-stop");
  }

  @Test
  void hubWhoseLastAnchorNoLongerMatchesTheTrailRaisesTheAlarmAndStillAnchors() throws Exception {
    appendAndAnchor(6);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger logger = (Logger) LoggerFactory.getLogger(AuditAnchors.class);
    logger.addAppender(logs);
    try {
      writer.truncateAndMoveHead(4);
      clock.advance(Duration.ofMinutes(1));
      assertThat(anchors.anchorNow(AuditAnchors.SCHEDULED)).get().extracting(Anchor::seq).isEqualTo(4L);
      writer.deleteAll();
      assertThat(anchors.anchorNow(AuditAnchors.SCHEDULED)).as("nothing to sign in an empty trail").isEmpty();
    } finally {
      logger.detachAppender(logs);
    }
    assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.ERROR).extracting(ILoggingEvent::getFormattedMessage)
        .hasSize(2).allMatch(m -> m.startsWith("AUDIT TRAIL TAMPERED: the trail no longer holds entry "))
        .anyMatch(m -> m.contains("entry 6") && m.contains("head now at entry 4"));
    assertThat(trail.verify().problem()).contains("the whole trail was deleted");
  }

  // ---------------------------------------------------------------- helpers

  /** Appends {@code n} entries, then anchors the head (a minute later). */
  Anchor appendAndAnchor(int n) {
    append(n);
    clock.advance(Duration.ofMinutes(1));
    return anchors.anchorNow(AuditAnchors.SCHEDULED).orElseThrow();
  }

  List<AuditEntry> append(int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> trail.append("system", AuditAction.ACCESS, "rec_" + i, i % 2 == 0 ? null : "reason " + i))
        .toList();
  }
}
