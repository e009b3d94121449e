package io.callvault.audit;

import io.callvault.store.ObjectLock;
import io.callvault.store.ObjectStore;
import io.callvault.store.StoreException;
import java.time.Clock;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anchors as objects {@code <prefix><file name>} in one S3 bucket, never overwritten ({@code If-None-Match: *}).
 * When the bucket has S3 Object Lock, each anchor is written locked ({@code lockMode}) for {@code retention};
 * otherwise it is written plainly and a warning says that anchors there can be deleted. Reading lists every
 * version, so an anchor hidden by a delete marker or an overwrite is still checked.
 */
public final class S3AnchorSink implements AnchorSink {
  private static final Logger LOG = LoggerFactory.getLogger(S3AnchorSink.class);

  private final ObjectStore store;
  private final String bucket;
  private final String prefix;
  private final ObjectLock.Mode lockMode;
  private final Period retention;
  private final Clock clock;
  private volatile Boolean locked;

  public S3AnchorSink(ObjectStore store, String bucket, String prefix, ObjectLock.Mode lockMode, Period retention,
      Clock clock) {
    this.store = store;
    this.bucket = bucket;
    this.prefix = prefix;
    this.lockMode = lockMode;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public String place() {
    return "s3://" + bucket + "/" + prefix;
  }

  @Override
  public String write(String fileName, byte[] json) {
    ObjectLock lock = bucketLocked()
        ? new ObjectLock(lockMode, clock.instant().atOffset(ZoneOffset.UTC).plus(retention).toInstant())
        : null;
    store.putNew(bucket, prefix + fileName, json, lock);
    return "s3://" + bucket + "/" + prefix + fileName;
  }

  /** Whether anchors are written under Object Lock; asked of the bucket once. */
  public boolean bucketLocked() {
    Boolean known = locked;
    if (known == null) {
      known = store.objectLockEnabled(bucket);
      locked = known;
      if (!known) {
        LOG.warn("audit anchors: bucket {} has no S3 Object Lock, so anchors there are written without a lock and"
            + " anyone allowed to delete in it can remove them; create the bucket with Object Lock for tamper-proof"
            + " anchors (docs/security.md, Audit trail)", bucket);
      }
    }
    return known;
  }

  @Override
  public List<Stored> readAll() {
    List<Stored> out = new ArrayList<>();
    for (ObjectStore.Version v : store.listVersions(bucket, prefix)) {
      String name = v.key().substring(v.key().lastIndexOf('/') + 1);
      if (!Anchor.isAnchorName(name)) {
        continue;
      }
      String location = "s3://" + bucket + "/" + v.key()
          + (v.versionId() != null && !v.latest() ? " (version " + v.versionId() + ", hidden by a newer version or"
              + " a delete marker)" : "");
      try {
        out.add(Stored.of(location, store.getSmall(bucket, v.key(), v.latest() ? null : v.versionId(),
            Anchor.MAX_BYTES + 1)));
      } catch (StoreException e) {
        out.add(Stored.failed(location, e.getMessage()));
      }
    }
    return out;
  }
}
