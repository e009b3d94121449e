package io.callvault.ingest;

import io.callvault.catalog.PairingWaits;
import io.callvault.catalog.SubjectKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recordings and their metadata files that arrive in either order and at different times: the one that comes
 * first waits in the drop (kept, never counted as a failed attempt) for up to {@code callvault.pairing.wait}; an
 * orphan past that wait (a recording without its metadata, or a metadata file without its recording) is
 * quarantined with a reason. Since when each has waited is in the catalog ({@link PairingWaits}), so a restart
 * does not reset the wait and several hubs on one catalog agree on it. Applies to the formats whose recordings
 * need metadata to be identified (Avaya, SIPREC, generic with a sidecar, Oreka's CSV rows); FreePBX's optional
 * payment-window sidecars never make a recording wait.
 */
public final class Pairing {
  private static final Logger LOG = LoggerFactory.getLogger(Pairing.class);
  private static final Duration FORGET_PAIRED_AFTER = Duration.ofDays(2);

  private final PairingWaits waits;
  private final SubjectKeys keys;
  private final SidecarCache sidecars;
  private final Duration wait;
  private final Clock clock;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private volatile Instant lastCleanup = Instant.EPOCH;

  public Pairing(PairingWaits waits, SubjectKeys keys, SidecarCache sidecars, Duration wait, Clock clock) {
    this.waits = waits;
    this.keys = keys;
    this.sidecars = sidecars;
    this.wait = wait;
    this.clock = clock;
  }

  /**
   * The recording route's step after identify: a recording that waits for its metadata is kept (its wait
   * recorded), or quarantined once it has waited too long; one that paired is marked so.
   *
   * @throws BadFileException for an orphan recording
   */
  public void check(Ingest in) throws BadFileException {
    cleanup(clock.instant());
    boolean waitsForMetadata = in.isAwaitingPair();
    if (!waitsForMetadata && !(in.format().needsSidecar() && in.getSidecarPath() != null)) {
      return;
    }
    String ref = pairRef(in);
    Instant now = clock.instant();
    if (!waitsForMetadata) {
      waits.paired(in.file().sourceId(), ref, now);
      return;
    }
    Instant since = waits.audioWaiting(in.file().sourceId(), ref, now).audioSince();
    if (!now.isBefore(since.plus(wait))) {
      waits.forget(in.file().sourceId(), ref);
      reported.remove(ref);
      throw new BadFileException("orphan recording: " + in.getAwaiting() + " within " + wait
          + " (callvault.pairing.wait); put its metadata in the drop and move the recording back to retry");
    }
    if (reported.add(ref)) {
      LOG.info("file {} waits in the drop: {} (since {}, quarantined after {})", in.getRef(), in.getAwaiting(), since,
          wait);
    }
  }

  /**
   * The sidecar route's step after the sidecar is read: its first sighting is recorded; a sidecar that never
   * paired with its recording within the wait is an orphan.
   *
   * @throws BadFileException for an orphan sidecar
   */
  public void sidecarSeen(Ingest sidecar) throws BadFileException {
    if (!sidecar.format().needsSidecar()) {
      return;
    }
    String ref = pairRef(sidecar);
    Instant now = clock.instant();
    PairingWaits.State s = waits.metadataSeen(sidecar.file().sourceId(), ref, now);
    if (s.pairedAt() == null && s.audioSince() == null && !now.isBefore(s.metadataSince().plus(wait))) {
      waits.forget(sidecar.file().sourceId(), ref);
      sidecars.take(SidecarCache.key(sidecar.dropKey(), sidecar.format().pairKey(sidecar.file().relativePath())));
      throw new BadFileException("orphan metadata file: its recording has not arrived within " + wait
          + " (callvault.pairing.wait); put the recording in the drop and move this file back to retry");
    }
  }

  private String pairRef(Ingest in) {
    String pairKey = in.format().pairKey(in.file().relativePath());
    return keys.keyOf(in.file().sourceId() + "\npair\n" + pairKey).substring(0, 40);
  }

  /**
   * Rows are kept a while after pairing (the recording may still wait for consent, its sidecar with it), and a
   * while after the wait (a recording that found its row in a CSV export never says so), then forgotten.
   */
  private void cleanup(Instant now) {
    if (now.isAfter(lastCleanup.plus(Duration.ofHours(1)))) {
      lastCleanup = now;
      waits.forgetBefore(now.minus(FORGET_PAIRED_AFTER), now.minus(FORGET_PAIRED_AFTER).minus(wait));
    }
  }
}
