package io.callvault.ingest;

/** What happens to the source file in the drop once the ingest of one file ends. */
public enum Disposition {
  /** Every granted copy is stored, verified and cataloged (or the recording was discarded): delete it. */
  DONE,
  /** Not decided yet (consent source unavailable, transient failure): leave it for a later poll. */
  KEEP,
  /** Cannot be processed: move it to the quarantine location with a reason file. */
  QUARANTINE
}
