package io.callvault.rights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.RecordingEntry;
import io.callvault.catalog.SubjectKeys;
import io.callvault.crypto.RecordingDecryptor;
import io.callvault.notice.Language;
import io.callvault.policy.PolicySet;
import io.callvault.retention.Holds;
import io.callvault.source.PhoneNumbers;
import io.callvault.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Data-subject rights over the catalog: find a subject's copies, build an Art. 15 access package,
 * stream a copy's audio for playback. Subjects are found by the keyed hash of their normalised
 * number (or CRM id), as at ingest; the clear reference never reaches the catalog, logs or audit.
 */
public final class SubjectRights {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).findAndRegisterModules()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Catalog catalog;
  private final ObjectStore store;
  private final SubjectKeys subjectKeys;
  private final PhoneNumbers numbers;
  private final PolicySet policies;
  private final Holds holds;
  private final DecryptionKeys keys;
  private final AuditTrail audit;
  private final Clock clock;

  public SubjectRights(Catalog catalog, ObjectStore store, SubjectKeys subjectKeys, PhoneNumbers numbers,
      PolicySet policies, Holds holds, DecryptionKeys keys, AuditTrail audit, Clock clock) {
    this.catalog = catalog;
    this.store = store;
    this.subjectKeys = subjectKeys;
    this.numbers = numbers;
    this.policies = policies;
    this.holds = holds;
    this.keys = keys;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * The subject key of an employee reference ({@code employee:E1234}, keyed as the ingest keys the agents'
   * employees), else of a phone number (normalised as at ingest) or, failing that, of a CRM id.
   */
  public String subjectKey(String ref) {
    if (io.callvault.employees.Employees.isEmployee(ref)) {
      return io.callvault.employees.Employees.keyOf(subjectKeys, io.callvault.employees.Employees.employeeId(ref));
    }
    return subjectKeys.keyOf(normalised(ref));
  }

  /**
   * A phone number in E.164 as at ingest, a number that cannot be normalised as its digits (as at ingest), or the
   * reference as given (a CRM id): {@link PhoneNumbers#asSubject}.
   */
  public String normalised(String ref) {
    String r = ref == null ? "" : ref.strip();
    if (r.isEmpty()) {
      throw new IllegalArgumentException("empty subject reference");
    }
    return numbers.asSubject(r);
  }

  /** One copy as the subject (or the DPO) sees it, tombstones included; {@code holdId} names an active hold covering it. */
  public record CopyView(String recordingId, String sourceId, String callDay, String purpose, String legalBasis,
      String retention, String retainUntil, String storedAt, String state, boolean held, String holdId) {}

  /** Every copy of the subject's recordings that {@code visible} lets through. */
  public List<CopyView> copies(String subjectKey, Predicate<String> visiblePurpose) {
    List<CopyView> out = new ArrayList<>();
    for (RecordingEntry r : catalog.recordingsOfSubject(subjectKey)) {
      String holdId = holds.activeHoldFor(r.id()).orElse(null);
      for (CopyEntry c : catalog.copiesOf(r.id())) {
        if (!visiblePurpose.test(c.purpose())) {
          continue;
        }
        String retention = policies.byName(c.purpose()).map(p -> p.retention().toString()).orElse("");
        out.add(new CopyView(r.id(), r.sourceId(), r.start() == null ? null : r.start().toString().substring(0, 10),
            c.purpose(), c.legalBasis(), retention, c.retainUntil().toString(), c.storedAt().toString(), c.state(), holdId != null,
            holdId));
      }
    }
    return out;
  }

  /**
   * Writes the Art. 15 access package as a zip: {@code metadata.json}, {@code statement.txt} and the
   * audio of each stored copy, decrypted where the hub holds that purpose's key, else the OpenPGP file
   * with a note saying who can decrypt it.
   */
  public void export(String subjectKey, String actor, OutputStream out) throws IOException {
    export(subjectKey, actor, out, Language.EN);
  }

  /** As above, with {@code statement.txt} in {@code language} ({@code ?lang=fr|en} of the API). */
  public void export(String subjectKey, String actor, OutputStream out, Language language) throws IOException {
    List<CopyView> copies = copies(subjectKey, p -> true);
    audit.append(actor, AuditAction.EXPORT, subjectKey, copies.size() + " copies in access package");
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      ObjectNode meta = JSON.createObjectNode();
      meta.put("generated_at", clock.instant().toString());
      meta.put("subject_key", subjectKey);
      ArrayNode list = meta.putArray("copies");
      copies.forEach(c -> list.addPOJO(c));
      zip.putNextEntry(new ZipEntry("metadata.json"));
      zip.write(JSON.writeValueAsBytes(meta));
      zip.closeEntry();

      zip.putNextEntry(new ZipEntry("statement.txt"));
      zip.write(new AccessStatement(policies, this::recipients, language).write(copies, clock.instant())
          .getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();

      StringBuilder notes = new StringBuilder();
      for (CopyView c : copies) {
        if (!c.state().equals(CopyEntry.STORED)) {
          continue;
        }
        CopyEntry copy = catalog.findCopy(c.recordingId(), c.purpose()).orElseThrow();
        Optional<DecryptionKeys.Key> key = keys.forPurpose(c.purpose());
        String base = "audio/" + c.purpose() + "/" + c.recordingId();
        try (InputStream in = store.get(copy.bucket(), copy.objectKey())) {
          if (key.isPresent()) {
            zip.putNextEntry(new ZipEntry(base + "." + ext(copy)));
            RecordingDecryptor.decrypt(in, key.get().file(), key.get().passphrase(), zip);
          } else {
            zip.putNextEntry(new ZipEntry(base + "." + ext(copy) + ".gpg"));
            in.transferTo(zip);
            notes.append(base).append(".").append(ext(copy)).append(".gpg: encrypted to the holders of ")
                .append(recipients(c.purpose())).append("; ask them to decrypt it.\n");
          }
          zip.closeEntry();
        }
      }
      if (notes.length() > 0) {
        zip.putNextEntry(new ZipEntry("audio/README.txt"));
        zip.write(("Some recordings are included encrypted: this hub does not hold their decryption keys.\n" + notes)
            .getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
  }

  /** Streams the decrypted audio of one copy into {@code out}; refuses when the hub holds no key. */
  public void audio(String recordingId, String purpose, String actor, OutputStream out) throws IOException {
    CopyEntry copy = catalog.findCopy(recordingId, purpose)
        .filter(c -> c.state().equals(CopyEntry.STORED))
        .orElseThrow(() -> new NoSuchCopyException("no stored copy of " + recordingId + " for purpose " + purpose));
    DecryptionKeys.Key key = keys.forPurpose(purpose).orElseThrow(() -> new NoKeyException(
        "this hub holds no decryption key for purpose '" + purpose + "': the copy is encrypted to "
            + recipients(purpose) + "; configure rights.decryption-key." + purpose + " to allow playback"));
    audit.append(actor, AuditAction.ACCESS, recordingId, "audio playback, purpose " + purpose);
    try (InputStream in = store.get(copy.bucket(), copy.objectKey())) {
      RecordingDecryptor.decrypt(in, key.file(), key.passphrase(), out);
    }
  }

  /** Checks that playback of the copy could proceed, without streaming anything. */
  public void checkAudio(String recordingId, String purpose) {
    catalog.findCopy(recordingId, purpose).filter(c -> c.state().equals(CopyEntry.STORED))
        .orElseThrow(() -> new NoSuchCopyException("no stored copy of " + recordingId + " for purpose " + purpose));
    if (keys.forPurpose(purpose).isEmpty()) {
      throw new NoKeyException("this hub holds no decryption key for purpose '" + purpose + "': the copy is encrypted to "
          + recipients(purpose) + "; configure rights.decryption-key." + purpose + " to allow playback");
    }
  }

  private String recipients(String purpose) {
    return policies.byName(purpose)
        .map(p -> p.recipients().stream().map(f -> f.getFileName().toString()).toList().toString())
        .orElse("[unknown]");
  }

  private static String ext(CopyEntry c) {
    return c.format().startsWith("MP3") ? "mp3" : "wav";
  }

  /** The copy does not exist or is no longer stored. */
  public static class NoSuchCopyException extends RuntimeException {
    public NoSuchCopyException(String m) {
      super(m);
    }
  }

  /** The hub cannot decrypt that purpose. */
  public static class NoKeyException extends RuntimeException {
    public NoKeyException(String m) {
      super(m);
    }
  }
}
