package io.callvault.policy;

import java.nio.file.Path;
import java.time.Period;
import java.util.List;

/**
 * One purpose from {@code config/policies.yaml}.
 *
 * @param name purpose name, e.g. training
 * @param legalBasis GDPR basis
 * @param consentFlag the consent flag it needs (required when basis is consent), or null
 * @param retention ISO-8601 period, e.g. P6M
 * @param bucket S3 bucket for this purpose's copies
 * @param keyTemplate object-key template, e.g. {@code {yyyy}/{MM}/{dd}/{id}.{ext}.gpg}
 * @param recipients OpenPGP public key files (resolved against the config directory)
 * @param onExpiry what the retention sweep does at the end
 * @param objectLock S3 Object Lock mode for this purpose's objects (retain-until = the copy's), or null
 * @param pseudonymiseAfter after this period from the call, the catalog forgets who and exactly when
 *     while the copy stays; null for never. Shorter than {@code retention}.
 * @param metadata the call metadata this purpose keeps with its copies (object metadata), from
 *     {@link #METADATA_FIELDS}; everything else is dropped before the copy is written. Phone numbers
 *     and names are never among them.
 * @param target the storage target's name ({@code storage.<name>.*}), or {@link #DEFAULT_TARGET}
 * @param onFulfilment once a copy is marked fulfilled (its purpose met, e.g. the evaluation done), it is kept at
 *     most this much longer ({@code P0D}: until the next sweep); null when the purpose is never "fulfilled"
 * @param wording how the purpose and its recipients are described to people, per language (notices, records)
 * @param employeeErasure what an employee's erasure does to a copy that also concerns a customer
 */
public record Purpose(
    String name,
    LegalBasis legalBasis,
    String consentFlag,
    Period retention,
    String bucket,
    String keyTemplate,
    List<Path> recipients,
    ExpiryAction onExpiry,
    ObjectLockMode objectLock,
    Period pseudonymiseAfter,
    List<String> metadata,
    String target,
    Period onFulfilment,
    PurposeWording wording,
    EmployeeErasure employeeErasure) {

  /** Call metadata a purpose may keep; see {@code README.md}, "Policies". */
  public static final List<String> METADATA_FIELDS =
      List.of("direction", "call-type", "call-day", "call-start", "duration", "disposition", "source", "agent");

  /** The storage target of purposes that name none: the {@code s3.*} settings. */
  public static final String DEFAULT_TARGET = "default";

  public Purpose {
    recipients = List.copyOf(recipients);
    metadata = metadata == null ? List.of() : List.copyOf(metadata);
    target = target == null ? DEFAULT_TARGET : target;
    wording = wording == null ? PurposeWording.NONE : wording;
    employeeErasure = employeeErasure == null ? EmployeeErasure.DELETE : employeeErasure;
  }

  /** A purpose whose copies an employee's erasure erases (no {@code employee-erasure}). */
  public Purpose(String name, LegalBasis legalBasis, String consentFlag, Period retention, String bucket,
      String keyTemplate, List<Path> recipients, ExpiryAction onExpiry, ObjectLockMode objectLock,
      Period pseudonymiseAfter, List<String> metadata, String target, Period onFulfilment, PurposeWording wording) {
    this(name, legalBasis, consentFlag, retention, bucket, keyTemplate, recipients, onExpiry, objectLock,
        pseudonymiseAfter, metadata, target, onFulfilment, wording, EmployeeErasure.DELETE);
  }

  /** A purpose that is not described to people (no {@code description}, no {@code recipients-described}). */
  public Purpose(String name, LegalBasis legalBasis, String consentFlag, Period retention, String bucket,
      String keyTemplate, List<Path> recipients, ExpiryAction onExpiry, ObjectLockMode objectLock,
      Period pseudonymiseAfter, List<String> metadata, String target, Period onFulfilment) {
    this(name, legalBasis, consentFlag, retention, bucket, keyTemplate, recipients, onExpiry, objectLock,
        pseudonymiseAfter, metadata, target, onFulfilment, PurposeWording.NONE);
  }

  /** A purpose that is not marked fulfilled (no {@code on-fulfilment}). */
  public Purpose(String name, LegalBasis legalBasis, String consentFlag, Period retention, String bucket,
      String keyTemplate, List<Path> recipients, ExpiryAction onExpiry, ObjectLockMode objectLock,
      Period pseudonymiseAfter, List<String> metadata, String target) {
    this(name, legalBasis, consentFlag, retention, bucket, keyTemplate, recipients, onExpiry, objectLock,
        pseudonymiseAfter, metadata, target, null);
  }

  /** A purpose stored on the default target. */
  public Purpose(String name, LegalBasis legalBasis, String consentFlag, Period retention, String bucket,
      String keyTemplate, List<Path> recipients, ExpiryAction onExpiry, ObjectLockMode objectLock,
      Period pseudonymiseAfter, List<String> metadata) {
    this(name, legalBasis, consentFlag, retention, bucket, keyTemplate, recipients, onExpiry, objectLock,
        pseudonymiseAfter, metadata, DEFAULT_TARGET);
  }

  /** A purpose that keeps no call metadata. */
  public Purpose(String name, LegalBasis legalBasis, String consentFlag, Period retention, String bucket,
      String keyTemplate, List<Path> recipients, ExpiryAction onExpiry, ObjectLockMode objectLock,
      Period pseudonymiseAfter) {
    this(name, legalBasis, consentFlag, retention, bucket, keyTemplate, recipients, onExpiry, objectLock,
        pseudonymiseAfter, List.of());
  }

  /** A purpose without Object Lock or pseudonymisation. */
  public Purpose(String name, LegalBasis legalBasis, String consentFlag, Period retention, String bucket,
      String keyTemplate, List<Path> recipients, ExpiryAction onExpiry) {
    this(name, legalBasis, consentFlag, retention, bucket, keyTemplate, recipients, onExpiry, null, null, List.of());
  }

  public boolean needsConsent() {
    return consentFlag != null;
  }
}
