package io.callvault.ingest;

import io.callvault.audio.MarkedInterval;
import io.callvault.catalog.CopyEntry;
import io.callvault.consent.ConsentAnswer;
import io.callvault.policy.Decision;
import io.callvault.policy.Purpose;
import io.callvault.source.CallIndex;
import io.callvault.source.CdrRecord;
import io.callvault.source.PbxFormat;
import io.callvault.source.PbxFormat.DropKind;
import io.callvault.source.Recording;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One file claimed from a PBX drop on its way through the ingest route (routes/ingest.camel.yaml): the
 * message body every step reads and adds to. Identify sets the recording, consent the answer, decide the
 * decision, minimise-and-encrypt the ciphertexts, store the copies; the catalog step commits all of it.
 * Closing it deletes the ciphertext temp files.
 */
public final class Ingest implements AutoCloseable {
  private final DropFile file;
  private final PbxFormat format;
  private final String dropKey;
  private final long size;
  private final long lastModified;
  private final AudioOpener content;
  private final DropKind kind;

  private CallIndex cdrs = CallIndex.EMPTY;
  private Recording recording;
  private CdrRecord cdrRecord;
  private List<MarkedInterval> sidecarWindows = List.of();
  private String sidecarProblem;
  private String sidecarPath;
  private String awaiting;
  private String cdrProblem;
  private List<String> employeeKeys = List.of();
  private List<CopyEntry> existingCopies = List.of();
  private ConsentAnswer consent;
  private boolean consentAsked;
  private Decision decision;
  private List<Purpose> toWrite = List.of();
  private CopyWriter.Written written;
  private final List<PendingCopy> pending = new ArrayList<>();
  private final List<CopyEntry> stored = new ArrayList<>();
  private String state;
  private String reason;
  private String integrityNote;

  /** Opens a drop file's content (the SFTP download stream). */
  @FunctionalInterface
  public interface AudioOpener {
    InputStream open() throws IOException;
  }

  public Ingest(DropFile file, PbxFormat format, String dropKey, long size, long lastModified, AudioOpener content) {
    this.file = file;
    this.format = format;
    this.dropKey = dropKey;
    this.size = size;
    this.lastModified = lastModified;
    this.content = content;
    this.kind = format.kind(file.relativePath());
  }

  public DropFile file() {
    return file;
  }

  public PbxFormat format() {
    return format;
  }

  /** Identifies the drop (host and folder): CDRs are per drop. */
  public String dropKey() {
    return dropKey;
  }

  public long size() {
    return size;
  }

  public long lastModified() {
    return lastModified;
  }

  public InputStream open() throws IOException {
    return content.open();
  }

  /** What the file is, per its format: RECORDING, CDR or SIDECAR (routes choose on it). */
  public DropKind getKind() {
    return kind;
  }

  /** The opaque, keyed reference of the file (safe for logs, the catalog and reason files). */
  public String getRef() {
    return file.ref();
  }

  /** The recording id once identified, else the file's reference. */
  public String getRecordingId() {
    return recording == null ? file.ref() : recording.id();
  }

  CallIndex cdrs() {
    return cdrs;
  }

  void cdrs(CallIndex cdrs) {
    this.cdrs = cdrs == null ? CallIndex.EMPTY : cdrs;
  }

  public Recording recording() {
    return recording;
  }

  void identified(Recording recording, CdrRecord cdrRecord, List<CopyEntry> existingCopies) {
    this.recording = recording;
    this.cdrRecord = cdrRecord;
    this.existingCopies = List.copyOf(existingCopies);
  }

  CdrRecord cdrRecord() {
    return cdrRecord;
  }

  /** The keys of the employees the recording concerns (the employees step), for the catalog. */
  List<String> employeeKeys() {
    return employeeKeys;
  }

  void employeeKeys(List<String> keys) {
    this.employeeKeys = List.copyOf(keys);
  }

  void sidecar(SidecarCache.Entry entry) {
    this.sidecarWindows = entry.windows() == null ? List.of() : List.copyOf(entry.windows());
    this.sidecarProblem = entry.problem();
    this.sidecarPath = entry.path();
  }

  /** The path (below the drop directory) of the sidecar this recording paired with, or null. */
  public String getSidecarPath() {
    return sidecarPath;
  }

  /** True when the recording's metadata has not arrived: it stays in the drop, not counted as an attempt. */
  public boolean isAwaitingPair() {
    return awaiting != null;
  }

  /** What the recording waits for, or null. */
  public String getAwaiting() {
    return awaiting;
  }

  void awaiting(String what) {
    this.awaiting = what;
  }

  /** Why the recording has no CDR data although its drop has a CDR (its row cannot be read), or null. */
  String cdrProblem() {
    return cdrProblem;
  }

  void cdrProblem(String problem) {
    this.cdrProblem = problem;
  }

  List<MarkedInterval> sidecarWindows() {
    return sidecarWindows;
  }

  String sidecarProblem() {
    return sidecarProblem;
  }

  List<CopyEntry> existingCopies() {
    return existingCopies;
  }

  /**
   * True when the recording has stored copies already (the same name dropped again): the file's content is compared
   * with theirs before anything else happens to it.
   */
  public boolean isRedrop() {
    return existingCopies.stream().anyMatch(c -> c.state().equals(CopyEntry.STORED));
  }

  /** True when the recording's copies were all deleted or erased before: it is not stored again. */
  public boolean isGoneBefore() {
    return !existingCopies.isEmpty() && existingCopies.stream().noneMatch(c -> c.state().equals(CopyEntry.STORED));
  }

  /** The consent answer, or null when the source could not answer (or the call has no subject). */
  ConsentAnswer consent() {
    return consent;
  }

  void consent(ConsentAnswer answer) {
    this.consent = answer;
    this.consentAsked = true;
  }

  boolean consentAsked() {
    return consentAsked;
  }

  public Decision decision() {
    return decision;
  }

  void decided(Decision decision, List<Purpose> toWrite) {
    this.decision = decision;
    this.toWrite = List.copyOf(toWrite);
  }

  /** The purposes this run writes a copy for (granted and not stored before). */
  public List<Purpose> getToWrite() {
    return toWrite;
  }

  /** True when the decision waits for the consent source: the file stays in the drop. */
  public boolean isPending() {
    return decision != null && decision.pending();
  }

  CopyWriter.Written written() {
    return written;
  }

  void written(CopyWriter.Written written) {
    this.written = written;
  }

  /** The copies to upload, one per purpose written (the store route splits on them). */
  public List<PendingCopy> getPendingCopies() {
    return List.copyOf(pending);
  }

  void addPending(PendingCopy copy) {
    pending.add(copy);
  }

  synchronized void stored(CopyEntry copy) {
    stored.add(copy);
  }

  synchronized List<CopyEntry> storedCopies() {
    return List.copyOf(stored);
  }

  /**
   * The step of the way this file had not finished, for metrics of failures: identify, consent, decide,
   * minimise-encrypt, store or catalog (claim for a CDR or sidecar).
   */
  public synchronized String step() {
    if (kind != DropKind.RECORDING) {
      return "claim";
    }
    if (recording == null) {
      return "identify";
    }
    if (decision == null) {
      return consentAsked ? "decide" : "consent";
    }
    if (written == null) {
      return toWrite.isEmpty() ? "catalog" : "minimise-encrypt";
    }
    return stored.size() < toWrite.size() ? "store" : "catalog";
  }

  /** The recording's state as cataloged: STORED, DISCARDED or PENDING. */
  public String getState() {
    return state;
  }

  public String getReason() {
    return reason;
  }

  /** What was wrong with the WAV's declared sizes (repaired in the copies), or null when nothing was. */
  public String getIntegrityNote() {
    return integrityNote;
  }

  void integrityNote(String note) {
    this.integrityNote = note;
  }

  void outcome(String state, String reason) {
    this.state = state;
    this.reason = reason;
  }

  @Override
  public void close() {
    if (written != null) {
      written.close();
    }
  }
}
