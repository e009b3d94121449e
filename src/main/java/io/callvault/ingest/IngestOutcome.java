package io.callvault.ingest;

import java.util.List;

/**
 * The result of ingesting one drop file.
 *
 * @param disposition what to do with the source file
 * @param recordingId the opaque recording id, or null when the file could not be identified
 * @param reason short reason, free of personal data
 * @param storedPurposes purposes stored by this run (not counting copies stored earlier)
 */
public record IngestOutcome(Disposition disposition, String recordingId, String reason, List<String> storedPurposes) {
  public IngestOutcome {
    storedPurposes = List.copyOf(storedPurposes);
  }

  static IngestOutcome quarantine(String recordingId, String reason) {
    return new IngestOutcome(Disposition.QUARANTINE, recordingId, reason, List.of());
  }
}
