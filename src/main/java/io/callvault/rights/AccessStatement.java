package io.callvault.rights;

import io.callvault.catalog.CopyEntry;
import io.callvault.notice.Language;
import io.callvault.notice.Periods;
import io.callvault.notice.Phrases;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import io.callvault.rights.SubjectRights.CopyView;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code statement.txt} of an access package (GDPR Art. 15), in the subject's language: the copies still held,
 * each with its purpose and recipients in the words of {@code policies.yaml} (in that language, else in English,
 * else by configuration name and key files), its legal basis, retention in words, state and source; the copies
 * erased or deleted listed apart and not counted; the subject's rights. Wording: {@code notice_<lang>.properties}.
 */
final class AccessStatement {
  private final PolicySet policies;
  private final Function<String, String> keyFiles;
  private final Language language;
  private final Phrases phrases;

  /** @param keyFiles the recipients of a purpose as key file names, where no words are given */
  AccessStatement(PolicySet policies, Function<String, String> keyFiles, Language language) {
    this.policies = policies;
    this.keyFiles = keyFiles;
    this.language = language;
    this.phrases = Phrases.of(language);
  }

  String write(List<CopyView> copies, Instant generated) {
    StringBuilder s = new StringBuilder();
    String title = phrases.get("statement.title");
    s.append(title).append("\n").append("=".repeat(title.length())).append("\n\n");
    s.append(phrases.get("statement.generated", generated)).append("\n\n");
    List<CopyView> held = copies.stream().filter(AccessStatement::stillExists).toList();
    List<CopyView> gone = copies.stream().filter(c -> !stillExists(c)).toList();
    if (held.isEmpty()) {
      s.append(phrases.get("statement.none")).append("\n\n");
    } else {
      s.append(phrases.get("statement.held", count(held.size()))).append("\n\n");
      held.forEach(c -> heldCopy(s, c));
      s.append("\n");
    }
    if (!gone.isEmpty()) {
      s.append(phrases.get("statement.gone", count(gone.size()),
          phrases.get(gone.size() == 1 ? "statement.was" : "statement.were"))).append("\n\n");
      for (CopyView c : gone) {
        s.append("- ").append(phrases.get("statement.gone.line", c.callDay(), c.recordingId(), c.purpose(),
            goneBecause(c.state()))).append("\n");
      }
      s.append("\n");
    }
    return s.append(phrases.get("statement.rights")).toString();
  }

  /** The copy's audio still exists: stored, or its erasure not yet confirmed by S3. */
  static boolean stillExists(CopyView c) {
    return c.state().equals(CopyEntry.STORED) || c.state().equals(CopyEntry.ERASE_PENDING);
  }

  private String count(int n) {
    return n + " " + phrases.get(n == 1 ? "statement.copy" : "statement.copies");
  }

  private void heldCopy(StringBuilder s, CopyView c) {
    Optional<Purpose> p = policies.byName(c.purpose());
    s.append("- ").append(phrases.get("statement.call", c.callDay(), c.recordingId())).append("\n");
    line(s, "statement.purpose", p.flatMap(this::description).map(d -> d + " (" + c.purpose() + ")").orElse(c.purpose()));
    line(s, "statement.basis", basis(c.legalBasis()));
    line(s, "statement.retention", phrases.get("statement.until", inWords(c.retention()), c.retention(),
        c.retainUntil()));
    line(s, "statement.state", phrases.get("statement.state." + c.state()) + (c.held()
        ? phrases.get("statement.under-hold") : ""));
    line(s, "statement.recipients", p.flatMap(this::recipients).orElseGet(() -> keyFiles.apply(c.purpose())));
    s.append("  ").append(phrases.get("statement.source", c.sourceId())).append("\n");
  }

  private void line(StringBuilder s, String label, String value) {
    s.append("  ").append(phrases.get(label)).append(phrases.get("colon")).append(value).append("\n");
  }

  private Optional<String> description(Purpose p) {
    return p.wording().description(language.code()).or(() -> p.wording().description(Language.EN.code()));
  }

  private Optional<String> recipients(Purpose p) {
    return p.wording().recipients(language.code()).or(() -> p.wording().recipients(Language.EN.code()))
        .map(r -> String.join(", ", r));
  }

  private String basis(String basis) {
    try {
      return phrases.get("statement.basis." + basis);
    } catch (IllegalStateException e) {
      return basis; // a basis this wording does not know: said as configured
    }
  }

  private String inWords(String period) {
    try {
      return Periods.inWords(Period.parse(period), language);
    } catch (DateTimeParseException e) {
      return period;
    }
  }

  private String goneBecause(String state) {
    try {
      return phrases.get("statement.gone." + state);
    } catch (IllegalStateException e) {
      return state.toLowerCase(java.util.Locale.ROOT);
    }
  }
}
