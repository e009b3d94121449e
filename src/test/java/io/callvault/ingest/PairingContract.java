package io.callvault.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.PairingWaits;
import io.callvault.catalog.SubjectKeys;
import io.callvault.source.CallFields;
import io.callvault.source.PbxFormats;
import io.callvault.source.PhoneNumbers;
import io.callvault.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Recordings and metadata files waiting for each other, with the waits in the catalog: they survive a restart
 * and several hubs on one catalog agree on them. Run on H2 and on PostgreSQL.
 */
abstract class PairingContract {
  static final Duration WAIT = Duration.ofMinutes(10);
  static final Instant T0 = Instant.parse("2024-03-15T10:00:00Z");
  private static final SubjectKeys KEYS = new SubjectKeys("pairing-test-secret-0123".getBytes(StandardCharsets.UTF_8));
  private static final PbxFormats FORMATS = PbxFormats.standard(new PhoneNumbers("GB"));

  final MutableClock clock = new MutableClock(T0);
  private final List<Catalog> opened = new ArrayList<>();

  /** A database shared by every catalog this test opens. */
  abstract CatalogSettings settings();

  /** One hub: its own catalog connection and pairing step on the shared database. */
  Pairing hub() {
    Catalog c = Catalog.open(settings());
    opened.add(c);
    return new Pairing(new PairingWaits(c), KEYS, new SidecarCache("/payment_windows"), WAIT, clock);
  }

  @AfterEach
  void close() {
    opened.forEach(Catalog::close);
  }

  static Ingest file(String path) {
    return new Ingest(new DropFile("avaya-1", path, ZoneOffset.UTC, "f_" + Math.abs(path.hashCode())),
        FORMATS.get("avaya"), "h:drop", 1, 0, () -> {
          throw new AssertionError("pairing never reads a file");
        });
  }

  static Ingest waiting(String path) {
    Ingest in = file(path);
    in.awaiting("its .xml sidecar has not arrived");
    return in;
  }

  @Test
  void aRecordingWaitsFromWhenItWasFirstSeenAndIsAnOrphanAfterTheWait() throws Exception {
    Pairing hub = hub();
    hub.check(waiting("2024/03/15/CS-1.wav"));
    clock.advance(WAIT.minusSeconds(1));
    hub.check(waiting("2024/03/15/CS-1.wav"));
    clock.advance(Duration.ofSeconds(1));

    assertThatThrownBy(() -> hub.check(waiting("2024/03/15/CS-1.wav"))).isInstanceOf(BadFileException.class)
        .hasMessageContaining("orphan recording").hasMessageContaining("PT10M");
    hub.check(waiting("2024/03/15/CS-1.wav")); // moved back from quarantine: it waits anew
  }

  @Test
  void aRestartDoesNotResetTheWait() throws Exception {
    hub().check(waiting("CS-2.wav"));
    close();
    opened.clear();
    clock.advance(WAIT);
    Pairing restarted = hub();

    assertThatThrownBy(() -> restarted.check(waiting("CS-2.wav"))).hasMessageContaining("orphan recording");
  }

  @Test
  void aSidecarWithoutItsRecordingIsAnOrphanAfterTheWaitButNotOncePaired() throws Exception {
    Pairing hub = hub();
    hub.sidecarSeen(file("CS-3.xml"));
    hub.sidecarSeen(file("CS-4.xml"));
    Ingest paired = file("CS-4.wav");
    paired.sidecar(new SidecarCache.Entry("CS-4.xml", new CallFields(java.util.Map.of("call-reference", "4")),
        List.of(), null));
    hub.check(paired);
    clock.advance(WAIT);

    assertThatThrownBy(() -> hub.sidecarSeen(file("CS-3.xml"))).isInstanceOf(BadFileException.class)
        .hasMessageContaining("orphan metadata file");
    hub.sidecarSeen(file("CS-4.xml")); // its recording waits for something else (consent): no orphan
  }

  @Test
  void twoHubsOnOneCatalogAgreeOnTheWait() throws Exception {
    Pairing a = hub();
    Pairing b = hub();
    a.sidecarSeen(file("CS-5.xml"));
    clock.advance(WAIT.dividedBy(2));
    b.sidecarSeen(file("CS-5.xml"));
    clock.advance(WAIT.dividedBy(2));

    assertThatThrownBy(() -> b.sidecarSeen(file("CS-5.xml"))).as("b counts from when a saw it")
        .hasMessageContaining("orphan metadata file");
  }

  @Test
  void freePbxRecordingsNeverWaitAndTouchNoTable() throws Exception {
    Pairing hub = hub();
    Ingest in = new Ingest(new DropFile("asterisk-1", "in-201-07700900123-20240315-103000-1.1.wav", ZoneOffset.UTC,
        "f_1"), FORMATS.get("freepbx"), "h:drop", 1, 0, () -> null);
    hub.check(in);
    hub.sidecarSeen(new Ingest(new DropFile("asterisk-1", "x.wav.json", ZoneOffset.UTC, "f_2"),
        FORMATS.get("freepbx"), "h:drop", 1, 0, () -> null));
    assertThat(new PairingWaits(opened.get(0)).find("asterisk-1", "anything")).isNull();
  }
}
