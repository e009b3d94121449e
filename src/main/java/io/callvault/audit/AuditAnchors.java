package io.callvault.audit;

import io.callvault.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anchors the audit trail outside the database. {@link #anchorNow} signs the trail's head (sequence number
 * and hash, time, hub) with an Ed25519 key the database does not hold and writes it to every sink (a
 * directory, an S3 bucket with Object Lock); {@link #load()} reads every anchor back and checks its signature
 * with the trusted public keys, so that {@link AuditTrail#verify()} detects a trail rewritten and re-hashed,
 * cut, or deleted by anyone who can write to the database, and names the anchor it contradicts.
 *
 * <p>Called on a schedule (routes/audit-anchor.camel.yaml), when the hub stops, and after every erasure.
 * Thread-safe.
 */
public final class AuditAnchors implements Supplier<AnchorSet> {
  private static final Logger LOG = LoggerFactory.getLogger(AuditAnchors.class);

  public static final String SCHEDULED = "scheduled";
  public static final String ERASURE = "erasure";
  public static final String HUB_STOP = "hub-stop";
  public static final String MANUAL = "manual";

  private final AuditTrail trail;
  private final PrivateKey signingKey;
  private final String keyId;
  private final Map<String, PublicKey> trusted;
  private final List<AnchorSink> sinks;
  private final String hub;
  private final Clock clock;
  private Anchor last;

  AuditAnchors(AuditTrail trail, PrivateKey signingKey, List<PublicKey> trusted, List<AnchorSink> sinks, String hub,
      Clock clock) {
    this.trail = Objects.requireNonNull(trail, "trail");
    this.signingKey = signingKey;
    this.keyId = signingKey == null ? null : AnchorKeys.keyId(AnchorKeys.publicOf(signingKey));
    this.trusted = new LinkedHashMap<>();
    trusted.forEach(k -> this.trusted.put(AnchorKeys.keyId(k), k));
    this.sinks = List.copyOf(sinks);
    this.hub = hub;
    this.clock = clock;
  }

  /**
   * Anchors from settings. With {@code sign}, a hub that will write anchors: without a configured key, the
   * zero-setup key pair is read, or generated once (with a warning). Without it, a verifier: no key is made,
   * and the trusted public keys are the configured ones, or those of the signing key or the zero-setup pair.
   *
   * @param store the S3 store, needed only when {@code audit.anchor.bucket} is set
   * @throws io.callvault.config.ConfigException naming the setting when a key or a sink cannot be used
   */
  public static AuditAnchors open(AnchorSettings s, AuditTrail trail, ObjectStore store, Clock clock, boolean sign) {
    PrivateKey key = signingKey(s, sign);
    List<PublicKey> trusted = s.readPublicKeys();
    if (trusted == null) {
      trusted = key != null ? List.of(AnchorKeys.publicOf(key))
          : Files.exists(s.defaultPublicKey()) ? AnchorKeys.publicKeys(s.defaultPublicKey().toString()) : List.of();
    }
    List<AnchorSink> sinks = new ArrayList<>();
    if (s.dir() != null) {
      sinks.add(new DirectoryAnchorSink(s.dir()));
    }
    if (s.bucket() != null) {
      if (store == null) {
        throw s.problem(AnchorSettings.BUCKET, "no S3 connection to reach the bucket", "set the s3.* keys");
      }
      sinks.add(new S3AnchorSink(store, s.bucket(), s.prefix(), s.lockMode(), s.retention(), clock));
    }
    return new AuditAnchors(trail, key, trusted, sinks, s.hub(), clock);
  }

  private static PrivateKey signingKey(AnchorSettings s, boolean sign) {
    try {
      PrivateKey key = s.readSigningKey();
      return key == null && sign && s.signingKey() == null ? generateDefault(s) : key;
    } catch (io.callvault.config.ConfigException e) {
      if (sign) {
        throw e;
      }
      return null; // a verifier may well have no access to the secret; the public keys are enough
    }
  }

  private static PrivateKey generateDefault(AnchorSettings s) {
    KeyPair pair = AnchorKeys.generate();
    try {
      AnchorKeys.writeNew(s.defaultKey(), AnchorKeys.privatePem(pair.getPrivate()), true);
      Files.deleteIfExists(s.defaultPublicKey());
      AnchorKeys.writeNew(s.defaultPublicKey(), AnchorKeys.publicPem(pair.getPublic()), false);
    } catch (FileAlreadyExistsException e) {
      return AnchorKeys.privateKey(s.defaultKey().toString()); // another process made it meanwhile
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audit anchor key " + s.defaultKey() + ": " + e.getMessage(), e);
    }
    LOG.warn("audit anchors: generated an Ed25519 signing key at {} (public key {}). It sits on the hub's own disk:"
        + " in production, keep the signing key outside the hub's data disk ({} on a secret mount) and the anchors in"
        + " an S3 bucket with Object Lock ({})", s.defaultKey(), s.defaultPublicKey(), AnchorSettings.SIGNING_KEY,
        AnchorSettings.BUCKET);
    return pair.getPrivate();
  }

  /**
   * Signs the trail's current head and writes it to every sink; nothing when the trail is empty or this
   * instance anchored the same head already.
   *
   * @param why what triggered it: {@link #SCHEDULED}, {@link #ERASURE}, {@link #HUB_STOP} or {@link #MANUAL}
   * @return the anchor written, if any
   * @throws AuditException when a sink could not take it (the others were still written)
   * @throws IllegalStateException when there is no signing key (a verifier)
   */
  public synchronized Optional<Anchor> anchorNow(String why) {
    if (signingKey == null) {
      throw new IllegalStateException("no anchor signing key: set " + AnchorSettings.SIGNING_KEY);
    }
    AuditTrail.Head head = trail.head();
    if (last != null && last.seq() == head.seq() && last.hash().equals(head.hash())) {
      return Optional.empty();
    }
    alarmIfContradicted(head);
    if (head.seq() == 0) {
      return Optional.empty();
    }
    Anchor unsigned = Anchor.unsigned(head.seq(), head.hash(), clock.instant(), hub, why, keyId);
    Anchor anchor = unsigned.signedWith(
        Base64.getEncoder().encodeToString(AnchorKeys.sign(signingKey, unsigned.signedBytes())));
    byte[] json = anchor.toJson();
    List<String> written = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (AnchorSink sink : sinks) {
      try {
        written.add(sink.write(anchor.fileName(), json));
      } catch (RuntimeException e) {
        failed.add(sink.place() + ": " + e.getMessage());
      }
    }
    if (!failed.isEmpty()) {
      throw new AuditException("audit: the anchor of entry " + head.seq() + " (" + why + ") could not be written to "
          + String.join("; ", failed) + (written.isEmpty() ? "" : " (written to " + String.join(", ", written) + ")"),
          null);
    }
    last = anchor.from(written.get(0));
    LOG.info("audit anchor ({}): entry {}, hash {}..., signed by key {}, written to {}", why, head.seq(),
        head.hash().substring(0, 12), keyId, String.join(", ", written));
    return Optional.of(last);
  }

  /**
   * The trail must still hold the entry this instance anchored last, with the same hash; otherwise someone
   * rewrote or cut it in the database since. One read; the new anchor is written all the same (the earlier one
   * stays and keeps contradicting the trail).
   */
  private void alarmIfContradicted(AuditTrail.Head head) {
    if (last == null) {
      return;
    }
    List<AuditEntry> entry = head.seq() < last.seq() ? List.of() : trail.read(last.seq(), 1);
    if (entry.isEmpty() || entry.get(0).seq() != last.seq() || !entry.get(0).hash().equals(last.hash())) {
      LOG.error("AUDIT TRAIL TAMPERED: the trail no longer holds entry {} as this hub anchored it in {}; it was"
          + " rewritten or cut in the database (head now at entry {}). Run ./callvault audit verify and keep the"
          + " anchors.", last.seq(), last.source(), head.seq());
    }
  }

  /** Like {@link #anchorNow}, but logs a failure instead of throwing: for callers whose own work is done. */
  public Optional<Anchor> anchorQuietly(String why) {
    try {
      return anchorNow(why);
    } catch (RuntimeException e) {
      LOG.error("audit anchor ({}) failed: {}", why, e.getMessage());
      return Optional.empty();
    }
  }

  /** Anchors quietly when the trail moved since {@code since} (a head read earlier, e.g. when the hub started). */
  public Optional<Anchor> anchorIfMoved(String why, AuditTrail.Head since) {
    try {
      return trail.head().equals(since) ? Optional.empty() : anchorQuietly(why);
    } catch (RuntimeException e) {
      LOG.error("audit anchor ({}) failed: {}", why, e.getMessage());
      return Optional.empty();
    }
  }

  /** Every anchor in every sink, each checked against the trusted public keys. */
  public AnchorSet load() {
    List<Anchor> good = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    List<String> places = new ArrayList<>();
    for (AnchorSink sink : sinks) {
      places.add(sink.place());
      for (AnchorSink.Stored stored : sink.readAll()) {
        String why = stored.bytes() == null ? stored.unreadable() : check(stored);
        if (why == null) {
          good.add(Anchor.parse(stored.bytes(), stored.location()));
        } else {
          rejected.add(stored.location() + ": " + why);
        }
      }
    }
    return new AnchorSet(good, rejected, places);
  }

  /** Null when the document is an anchor signed by a trusted key, else why it is not trusted. */
  private String check(AnchorSink.Stored stored) {
    Anchor a;
    try {
      a = Anchor.parse(stored.bytes(), stored.location());
    } catch (IllegalArgumentException e) {
      return "not a readable anchor (" + e.getMessage() + ")";
    }
    PublicKey key = trusted.get(a.keyId());
    if (key == null) {
      return trusted.isEmpty()
          ? "no public key to check it with (set " + AnchorSettings.PUBLIC_KEY + ")"
          : "signed by key " + a.keyId() + ", which is not a trusted key (" + AnchorSettings.PUBLIC_KEY
              + " lists the trusted ones; keep old public keys there after changing the signing key)";
    }
    return AnchorKeys.verifies(key, a.signedBytes(), a.signatureBytes()) ? null
        : "signature does not verify: forged or altered";
  }

  @Override
  public AnchorSet get() {
    return load();
  }

  /** The trail checked against every anchor: {@code trail.verify(load())}. */
  public VerifyResult verify() {
    return trail.verify(load());
  }

  /** Where anchors are written and read. */
  public List<String> places() {
    return sinks.stream().map(AnchorSink::place).toList();
  }

  /** The key id anchors are signed with, or null for a verifier without the signing key. */
  public String keyId() {
    return keyId;
  }
}
