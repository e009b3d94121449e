package io.callvault.notice;

import io.callvault.policy.ExpiryAction;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GDPR Art. 13 information about call recording, written from {@code policies.yaml} for callers and employees:
 * who records, for which purposes, on which legal basis, for how long, who receives the recordings and how to
 * exercise one's rights. Three renderings: the full text, an HTML section for a privacy page (every text escaped)
 * and the short script an IVR plays before the call (plain or SSML).
 */
public final class Notice {
  /** One purpose as people are told about it. */
  record Item(String description, String basis, String retention, List<String> recipients) {}

  private final Phrases phrases;
  private final Controller controller;
  private final List<Item> items;
  private final boolean masked;

  private Notice(Phrases phrases, Controller controller, List<Item> items, boolean masked) {
    this.phrases = phrases;
    this.controller = controller;
    this.items = List.copyOf(items);
    this.masked = masked;
  }

  /**
   * The notice in {@code language}.
   *
   * @param policiesFile the policies file, named by the problems when a purpose is not described in the language
   * @param masked whether card numbers keyed during calls are masked ({@code callvault.masking.enabled})
   * @throws io.callvault.config.ConfigException when a purpose lacks its description or recipients in the language
   */
  public static Notice of(PolicySet set, String policiesFile, Controller controller, Language language,
      boolean masked) {
    Wordings.requireAll(set, language, policiesFile);
    Phrases p = Phrases.of(language);
    List<Item> items = new ArrayList<>();
    for (Purpose purpose : set.purposes()) {
      items.add(new Item(purpose.wording().description(language.code()).orElseThrow(),
          p.get("basis." + purpose.legalBasis().yamlName()), retention(purpose, p),
          purpose.wording().recipients(language.code()).orElseThrow()));
    }
    return new Notice(p, controller, items, masked);
  }

  /** How long a purpose keeps a copy, in words: "6 months after the call, then deleted; at most 2 weeks ...". */
  static String retention(Purpose purpose, Phrases p) {
    String period = Periods.inWords(purpose.retention(), p.language());
    String kept = p.get(purpose.onExpiry() == ExpiryAction.ANONYMISE ? "retention.anonymise" : "retention.delete",
        period);
    if (purpose.onFulfilment() == null) {
      return kept;
    }
    String sooner = purpose.onFulfilment().isZero() ? p.get("retention.fulfilment.now")
        : p.get("retention.fulfilment", Periods.inWords(purpose.onFulfilment(), p.language()));
    return kept + p.get("sep") + sooner;
  }

  /** The full notice as plain text, one paragraph per line group. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(phrases.get("title")).append("\n\n").append(who()).append("\n\n").append(phrases.get("intro"))
        .append("\n\n");
    for (Item i : items) {
      b.append("- ").append(i.description()).append('\n')
          .append("  ").append(phrases.get("label.basis")).append(phrases.get("colon")).append(i.basis()).append(".\n")
          .append("  ").append(phrases.get("label.retention")).append(phrases.get("colon")).append(i.retention()).append(".\n")
          .append("  ").append(phrases.get("label.recipients")).append(phrases.get("colon"))
          .append(String.join(", ", i.recipients())).append(".\n");
    }
    for (String paragraph : closing()) {
      b.append('\n').append(paragraph).append('\n');
    }
    return b.toString();
  }

  /** A {@code <section>} for a privacy page; all text from configuration is escaped. */
  public String html() {
    String lang = phrases.language().code();
    StringBuilder b = new StringBuilder();
    b.append("<section class=\"callvault-notice\" lang=\"").append(lang).append("\">\n")
        .append("  <h2>").append(Markup.escape(phrases.get("title"))).append("</h2>\n")
        .append("  <p>").append(Markup.escape(who())).append("</p>\n")
        .append("  <p>").append(Markup.escape(phrases.get("intro"))).append("</p>\n  <ul>\n");
    for (Item i : items) {
      b.append("    <li><strong>").append(Markup.escape(i.description())).append("</strong>\n      <dl>\n");
      definition(b, phrases.get("label.basis"), i.basis());
      definition(b, phrases.get("label.retention"), i.retention());
      definition(b, phrases.get("label.recipients"), String.join(", ", i.recipients()));
      b.append("      </dl>\n    </li>\n");
    }
    b.append("  </ul>\n");
    for (String paragraph : closing()) {
      b.append("  <p>").append(Markup.escape(paragraph)).append("</p>\n");
    }
    return b.append("</section>\n").toString();
  }

  private static void definition(StringBuilder b, String term, String value) {
    b.append("        <dt>").append(Markup.escape(term)).append("</dt><dd>").append(Markup.escape(value))
        .append("</dd>\n");
  }

  /** The script an IVR plays before the call: short, spoken, plain text. */
  public String ivr() {
    return String.join(" ", ivrSentences()) + "\n";
  }

  /** The IVR script as SSML 1.1 in the notice's language; all text escaped. */
  public String ssml() {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"")
        .append(phrases.language().speechTag()).append("\">\n  <p>\n");
    for (String sentence : ivrSentences()) {
      b.append("    <s>").append(Markup.escape(sentence)).append("</s>\n");
    }
    return b.append("  </p>\n</speak>\n").toString();
  }

  private List<String> ivrSentences() {
    List<String> purposes = items.stream().map(i -> spoken(i.description())).toList();
    return List.of(phrases.get("ivr.intro", controller.name(), String.join(phrases.get("sep"), purposes)),
        phrases.get("ivr.rights", controller.dpoContact()));
  }

  /** A description inside a sentence: its first letter in lower case unless it starts an acronym. */
  private String spoken(String description) {
    if (description.length() > 1 && Character.isUpperCase(description.charAt(0))
        && !Character.isUpperCase(description.charAt(1))) {
      return description.substring(0, 1).toLowerCase(Locale.ROOT) + description.substring(1);
    }
    return description;
  }

  private String who() {
    return phrases.get("who", controller.name(), controller.contact(), controller.dpoContact());
  }

  private List<String> closing() {
    List<String> paragraphs = new ArrayList<>();
    paragraphs.add(phrases.get("security.encrypted") + (masked ? " " + phrases.get("security.masked") : ""));
    paragraphs.add(phrases.get("employees"));
    paragraphs.add(phrases.get("rights", controller.dpoContact()) + " " + phrases.get("complaint",
        controller.authority().orElse(phrases.get("authority.default"))));
    return paragraphs;
  }
}
