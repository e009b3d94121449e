package io.callvault.catalog;

import java.util.Collection;

/**
 * The employees of a recording (table {@code recording_subjects}): one row per recording and employee key
 * (HMAC, as customers' keys). The customer stays in {@code recordings.subject_key}; {@link
 * Catalog#recordingsOfSubject} finds a recording by either.
 */
public final class RecordingSubjects {
  /** The role of an employee row. */
  public static final String EMPLOYEE = "employee";

  private RecordingSubjects() {}

  /** Links the recording to these employee keys in the caller's transaction (the ingest commit). Idempotent. */
  public static void linkEmployees(Tx tx, String recordingId, Collection<String> employeeKeys) {
    if (employeeKeys.isEmpty()) {
      return;
    }
    tx.sql(c -> {
      for (String key : employeeKeys) {
        Sql.update(c, "delete from recording_subjects where recording_id = ? and subject_key = ?", recordingId, key);
        Sql.update(c, "insert into recording_subjects (recording_id, subject_key, role) values (?, ?, ?)",
            recordingId, key, EMPLOYEE);
      }
      return null;
    });
  }
}
