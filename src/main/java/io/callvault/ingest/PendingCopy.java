package io.callvault.ingest;

import io.callvault.policy.Purpose;
import io.callvault.store.FileDigest;
import io.callvault.store.ObjectLock;
import io.callvault.store.UploadChecksum;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One ciphertext waiting to be stored: the purpose's bucket and object key, the temp file and its digest
 * (taken while it was written), the object's metadata, and its Object Lock retention (or none). The store
 * route uploads it and verifies it; {@link #ingest} receives the cataloged copy.
 */
public record PendingCopy(Ingest ingest, Purpose purpose, String bucket, String key, Path path, FileDigest digest,
    Map<String, String> metadata, ObjectLock lock, Instant retainUntil) {

  /** The ciphertext file (the body the aws2-s3 producer uploads). */
  public File getFile() {
    return path.toFile();
  }

  /**
   * Base64 MD5 of the ciphertext when its target is checked with Content-MD5 (S3 refuses a body that does not match
   * it), else null.
   */
  public String getContentMd5() {
    return digest.md5Base64();
  }

  /**
   * The metadata for the aws2-s3 producer: the object's metadata, plus, when the ciphertext's SHA-256 is the upload's
   * checksum, that value for {@link UploadChecksum} to send as {@code x-amz-checksum-sha256} (never stored).
   */
  public Map<String, String> getUploadMetadata() {
    return UploadChecksum.metadataFor(metadata, digest);
  }

  /** True when the purpose keeps its copies under S3 Object Lock (the aws2-s3 producer cannot set it). */
  public boolean isLocked() {
    return lock != null;
  }

  /** The storage target this copy goes to (its S3 endpoint and credentials: bean s3Client-<target>). */
  public String getTarget() {
    return purpose.target();
  }
}
