package io.callvault.notice;

import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The GDPR Art. 30 record of the call-recording processing, from {@code policies.yaml}, the settings and the PBX
 * routes: purposes, legal bases, categories of data and of subjects, recipients, retention, security measures and
 * sources. Written as Markdown (for people) or CSV (one row per purpose, for a register's spreadsheet). Its labels
 * are in English; descriptions and recipients come from the purposes in the chosen language.
 */
public final class RecordOfProcessing {
  static final String SUBJECTS = "Callers (customers, prospects and other external parties); employees who make or"
      + " take the calls";
  static final String CATALOG_DATA = "in the catalog: the subject's keyed hash (HMAC-SHA256 of the phone number,"
      + " never the number), the employees' keyed hashes (HMAC-SHA256 of the employee id, from the extension they held"
      + " at the time of the call), PBX call ids, call time and duration, consent decisions, purposes and retention"
      + " dates";

  private final Controller controller;
  private final PolicySet set;
  private final Safeguards safeguards;
  private final Language language;

  public RecordOfProcessing(Controller controller, PolicySet set, Safeguards safeguards, Language language) {
    this.controller = controller;
    this.set = set;
    this.safeguards = safeguards;
    this.language = language;
  }

  /** The record as Markdown: the processing, one table row per purpose, security measures, sources. */
  public String markdown() {
    StringBuilder b = new StringBuilder("# Record of processing activities (GDPR Art. 30): call recording\n\n");
    b.append("| Item | Entry |\n|---|---|\n");
    header().forEach((k, v) -> b.append("| ").append(k).append(" | ").append(Markup.cell(v)).append(" |\n"));
    b.append("\n## Purposes\n\n| ").append(String.join(" | ", PURPOSE_COLUMNS)).append(" |\n|")
        .append("---|".repeat(PURPOSE_COLUMNS.size())).append('\n');
    for (Purpose p : set.purposes()) {
      b.append("| ").append(purposeRow(p).stream().map(Markup::cell).collect(Collectors.joining(" | ")))
          .append(" |\n");
    }
    b.append("\n## Security measures (Art. 32)\n\n");
    security().forEach((k, v) -> b.append("- **").append(k).append("**: ").append(Markup.cell(v)).append('\n'));
    b.append("\n## Sources (PBX drops)\n\n| Route | Format | SFTP host | Directory |\n|---|---|---|---|\n");
    for (Safeguards.Source s : safeguards.sources()) {
      b.append("| ").append(Markup.cell(s.routeId())).append(" | ").append(Markup.cell(s.format())).append(" | ")
          .append(Markup.cell(s.host())).append(" | ").append(Markup.cell(s.directory())).append(" |\n");
    }
    if (safeguards.sources().isEmpty()) {
      b.append("| (none configured) | | | |\n");
    }
    return b.toString();
  }

  /** The record as RFC 4180 CSV: a header, then one row per purpose with the processing-wide entries repeated. */
  public String csv() {
    List<String> columns = new ArrayList<>(header().keySet());
    columns.addAll(PURPOSE_COLUMNS);
    columns.addAll(security().keySet());
    columns.add("Sources");
    StringBuilder b = new StringBuilder(line(columns));
    List<String> common = new ArrayList<>(header().values());
    String sources = safeguards.sources().stream()
        .map(s -> s.routeId() + " (" + s.format() + ", " + s.host() + ":" + s.directory() + ")")
        .collect(Collectors.joining("; "));
    for (Purpose p : set.purposes()) {
      List<String> row = new ArrayList<>(common);
      row.addAll(purposeRow(p));
      row.addAll(security().values());
      row.add(sources);
      b.append(line(row));
    }
    return b.toString();
  }

  private static String line(List<String> fields) {
    return fields.stream().map(Markup::csv).collect(Collectors.joining(",")) + "\r\n";
  }

  static final List<String> PURPOSE_COLUMNS = List.of("Purpose", "Description", "Legal basis",
      "Personal data kept", "Recipients", "Retention", "Bucket");

  private Map<String, String> header() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Controller", controller.name() + ", " + controller.contact());
    h.put("Data protection officer", controller.dpoContact());
    h.put("Processing", "Recording of telephone calls, kept per purpose by callvault");
    h.put("Categories of data subjects", SUBJECTS);
    h.put("Categories of personal data", "Voice recordings of the calls; call metadata; " + CATALOG_DATA);
    return h;
  }

  private List<String> purposeRow(Purpose p) {
    String data = "Voice recording" + (safeguards.maskingEnabled() ? " (card-number tones masked)" : "")
        + (p.metadata().isEmpty() ? "" : "; metadata: " + String.join(", ", p.metadata()));
    String retention = Periods.inWords(p.retention(), Language.EN) + " (" + p.retention() + ") after the call, then "
        + (p.onExpiry() == io.callvault.policy.ExpiryAction.ANONYMISE ? "anonymised" : "deleted")
        + (p.onFulfilment() == null ? "" : "; at most " + Periods.inWords(p.onFulfilment(), Language.EN)
            + " after it is marked fulfilled")
        + (p.objectLock() == null ? "" : "; S3 Object Lock " + p.objectLock().yamlName());
    return List.of(p.name(), p.wording().description(language.code()).orElse(""), basis(p),
        data, String.join(", ", p.wording().recipients(language.code()).orElse(List.of())), retention,
        p.bucket() + " (" + (p.target().equals(Purpose.DEFAULT_TARGET) ? "" : "target " + p.target() + ": ")
            + safeguards.locations().getOrDefault(p.target(), "not defined") + ")");
  }

  private static String basis(Purpose p) {
    return switch (p.legalBasis()) {
      case CONSENT -> "Consent, Art. 6(1)(a) (consent flag '" + p.consentFlag() + "'; withdrawal erases, Art. 7(3))";
      case LEGITIMATE_INTEREST -> "Legitimate interest, Art. 6(1)(f) (objection erases, Art. 21)";
      case LEGAL_OBLIGATION -> "Legal obligation, Art. 6(1)(c) (kept against erasure, Art. 17(3)(b))";
      case CONTRACT -> "Contract, Art. 6(1)(b)";
    };
  }

  private Map<String, String> security() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("Encryption", "OpenPGP (AES-256, streamed; plaintext audio never on disk), one copy per purpose encrypted"
        + " to that purpose's recipients' keys: " + set.purposes().stream().map(p -> p.name() + ": "
            + p.recipients().stream().map(k -> k.getFileName().toString()).collect(Collectors.joining(", ")))
            .collect(Collectors.joining("; ")));
    s.put("Copies", "One S3 object per purpose in that purpose's bucket, verified after upload");
    s.put("Pseudonymisation", "Subjects keyed by HMAC-SHA256; no phone number or name in logs, S3 keys, object"
        + " metadata or the audit trail; catalog: " + safeguards.catalog());
    s.put("Access", "HTTP API with bearer tokens stored as SHA-256 hashes; roles dpo (all), auditor (audit trail),"
        + " <purpose>-reviewer (that purpose only); configured: " + (safeguards.roles().isEmpty() ? "no token"
            : safeguards.roles().entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " token"
                + (e.getValue() == 1 ? "" : "s") + ")").collect(Collectors.joining(", "))));
    s.put("Audit", "Hash-chained audit trail of decisions, accesses and erasures; " + safeguards.anchors());
    s.put("Erasure and retention", "Retention sweep on cron '" + safeguards.retentionCron() + "'; legal holds;"
        + " erasure confirmed by S3 before it is certified");
    return s;
  }
}
