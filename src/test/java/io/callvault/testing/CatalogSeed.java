package io.callvault.testing;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.DecisionEntry;
import io.callvault.catalog.RecordingEntry;
import io.callvault.policy.ExpiryAction;
import io.callvault.policy.LegalBasis;
import io.callvault.policy.Purpose;
import io.callvault.policy.PurposePolicy;
import io.callvault.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Recordings as ingest leaves them, written straight into a catalog and an object store, for tests. */
public final class CatalogSeed {
  private CatalogSeed() {}

  /** A purpose of one bucket; consent-based purposes use their name as consent flag. */
  public static Purpose purpose(String name, LegalBasis basis, Period retention, String bucket, ExpiryAction onExpiry,
      Period pseudonymiseAfter) {
    return new Purpose(name, basis, basis == LegalBasis.CONSENT ? name : null, retention, bucket,
        "{yyyy}/{MM}/{dd}/{id}.{ext}.gpg", List.of(), onExpiry, null, pseudonymiseAfter);
  }

  /** The object key of a recording's copy (every purpose uses the same template). */
  public static String key(String recordingId) {
    return "2024/03/15/" + recordingId + ".wav.gpg";
  }

  /** What ingest leaves behind: a recording, its decisions, one verified object and copy per purpose. */
  public static void ingest(Catalog catalog, ObjectStore store, Path tmp, Instant ingested, String id,
      String subjectKey, String uniqueId, String caseId, Instant start, Purpose... purposes)
      throws IOException, SQLException {
    catalog.saveRecording(new RecordingEntry(id, "pbx-paris", uniqueId, "in", "INBOUND", start, 125, 120,
        "ANSWERED", subjectKey, "WAV_PCM", RecordingEntry.RECEIVED, null, ingested));
    List<CopyEntry> copies = new ArrayList<>();
    List<DecisionEntry> decisions = new ArrayList<>();
    Path file = Files.writeString(tmp.resolve(id + ".gpg"), "ciphertext of " + id);
    for (Purpose p : purposes) {
      var stored = store.putVerified(p.bucket(), key(id), file, Map.of("recording-id", id));
      copies.add(new CopyEntry(id, p.name(), p.legalBasis().yamlName(), p.bucket(), key(id),
          PurposePolicy.retainUntil(p, start), "a".repeat(64), 100, stored.sha256Hex(), stored.size(),
          "WAV_PCM", CopyEntry.STORED, ingested));
      decisions.add(new DecisionEntry(id, p.name(), DecisionEntry.GRANTED, "granted", ingested));
    }
    catalog.finishRecording(id, RecordingEntry.STORED, "stored", copies, decisions);
    if (caseId != null) {
      try (Connection c = catalog.dataSource().getConnection();
          PreparedStatement ps = c.prepareStatement("update recordings set case_id = ? where id = ?")) {
        ps.setString(1, caseId);
        ps.setString(2, id);
        ps.executeUpdate();
        c.commit();
      }
    }
  }
}
