package io.callvault.ingest;

import io.callvault.catalog.CopyEntry;
import io.callvault.policy.KeyTemplate;
import io.callvault.policy.ObjectLockMode;
import io.callvault.policy.Purpose;
import io.callvault.policy.PurposePolicy;
import io.callvault.source.Recording;
import io.callvault.store.ObjectLock;
import io.callvault.store.ObjectStore;
import io.callvault.store.StoredObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The store step: where each copy goes (the purpose's bucket, an object key free of personal data, the
 * metadata the purpose keeps, its retention), and, once uploaded, the check that S3 holds exactly the
 * ciphertext (size and MD5 ETag) before the copy is cataloged. The ingest route uploads with the aws2-s3
 * producer; copies under Object Lock are put here, since the producer cannot set a retention.
 */
public final class Store {
  private final ObjectStore objects;
  private final CallMetadata metadata;
  private final Clock clock;

  public Store(ObjectStore objects, CallMetadata metadata, Clock clock) {
    this.objects = objects;
    this.metadata = metadata;
    this.clock = clock;
  }

  /** One pending copy per purpose written. */
  public void prepare(Ingest in) {
    Recording r = in.recording();
    for (Purpose p : in.getToWrite()) {
      String key = KeyTemplate.render(p.keyTemplate(), r, p, ZoneOffset.UTC);
      Instant retainUntil = PurposePolicy.retainUntil(p, r.start());
      ObjectLock lock = p.objectLock() == null ? null : p.objectLock() == ObjectLockMode.COMPLIANCE
          ? ObjectLock.compliance(retainUntil) : ObjectLock.governance(retainUntil);
      in.addPending(new PendingCopy(in, p, p.bucket(), key, in.written().ciphertextByPurpose().get(p.name()),
          in.written().digestByPurpose().get(p.name()), objectMetadata(in, p, retainUntil), lock, retainUntil));
    }
  }

  private Map<String, String> objectMetadata(Ingest in, Purpose p, Instant retainUntil) {
    Recording r = in.recording();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("recording-id", r.id());
    m.put("purpose", p.name());
    m.put("legal-basis", p.legalBasis().yamlName());
    m.put("retain-until", retainUntil.toString());
    m.put("format", r.format().name().toLowerCase(Locale.ROOT));
    m.put("plaintext-sha256", in.written().plaintextSha256());
    if (in.getIntegrityNote() != null) {
      m.put("integrity", in.getIntegrityNote()); // sizes only, e.g. "truncated: header says 96,044 bytes, data has ..."
    }
    metadata.of(r, p, in.employeeKeys()).forEach((k, v) -> m.put("call-" + k.replaceFirst("^call-", ""), v));
    return m;
  }

  /** Uploads a copy under Object Lock (and verifies it). */
  public void putLocked(PendingCopy copy) {
    StoredObject stored = objects.putVerified(copy.bucket(), copy.key(), copy.path(), copy.metadata(), copy.digest(),
        copy.lock());
    cataloged(copy, stored);
  }

  /** Checks an uploaded copy with a HEAD (size and MD5 ETag): only a verified copy is cataloged. */
  public void verify(PendingCopy copy) {
    cataloged(copy, objects.verifyUploaded(copy.bucket(), copy.key(), copy.digest()));
  }

  private void cataloged(PendingCopy copy, StoredObject stored) {
    Ingest in = copy.ingest();
    Recording r = in.recording();
    Purpose p = copy.purpose();
    in.stored(new CopyEntry(r.id(), p.name(), p.legalBasis().yamlName(), copy.bucket(), copy.key(), copy.retainUntil(),
        in.written().plaintextSha256(), in.written().plaintextSize(), stored.sha256Hex(), stored.size(),
        r.format().name(), CopyEntry.STORED, clock.instant()));
  }
}
