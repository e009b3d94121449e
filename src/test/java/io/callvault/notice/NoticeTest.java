package io.callvault.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.callvault.config.ConfigException;
import io.callvault.policy.PolicySet;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The Art. 13 notice from the test configuration's purposes (training: consent; quality; legal), in both languages. */
class NoticeTest {
  @TempDir Path tmp;
  private PolicySet policies;
  private Controller controller;

  @BeforeEach
  void load() throws Exception {
    Path config = NoticeFixtures.configDir(tmp);
    policies = NoticeFixtures.policies(config);
    controller = Controller.from(NoticeFixtures.settings(config, Map.of()));
  }

  private Notice notice(Language language) {
    return Notice.of(policies, "policies.yaml", controller, language, true);
  }

  @Test
  void theFrenchNoticeSaysWhoRecordsWhyOnWhichBasisForHowLongForWhomAndHowToExerciseRights() {
    String text = notice(Language.FR).text();

    assertThat(text).contains("Responsable du traitement : Example Bank SA, 1 rue de l'Exemple, 75001 Paris.")
        .contains("Délégué à la protection des données : dpo@example.com")
        .contains("- Former et accompagner nos conseillers, avec votre accord")
        .contains("Base légale : votre consentement (RGPD, art. 6.1.a) ; vous pouvez le retirer à tout moment")
        .contains("notre intérêt légitime pour cette finalité (RGPD, art. 6.1.f) ; vous pouvez vous y opposer")
        .contains("une obligation légale qui s'impose à nous (RGPD, art. 6.1.c)")
        .contains("Durée de conservation : 6 mois après l'appel, puis suppression.")
        .contains("Durée de conservation : 5 ans après l'appel, puis suppression.")
        .contains("Destinataires : l'équipe formation.")
        .contains("Salariés : les appels que vous passez ou recevez au travail")
        .contains("en écrivant à dpo@example.com. Nous vous répondons dans un délai d'un mois.")
        .contains("(en France, la CNIL)")
        .doesNotContain("P6M", "keys/", ".pub.asc", "legitimate-interest");
  }

  @Test
  void theEnglishNoticeSaysRetentionInWordsWithTheAnonymisationAndTheFulfilmentShortcut() {
    String text = notice(Language.EN).text();

    assertThat(text).contains("Who records: Example Bank SA")
        .contains("Kept: 6 months after the call, then anonymised (only statistics that no longer relate to you"
            + " remain); at most 2 weeks after it has served its purpose")
        .contains("Kept: 5 years after the call, then deleted.")
        .contains("Legal basis: your consent (GDPR Art. 6(1)(a)); you may withdraw it at any time")
        .contains("Received by: the compliance officer, the financial regulator on request.")
        .contains("Card numbers keyed during the call are removed from the recording")
        .contains("Employees: the calls you make or take at work")
        .doesNotContain("P2W", "P5Y");
  }

  @Test
  void theNoticeDoesNotPromiseMaskingWhenMaskingIsOff() {
    String text = Notice.of(policies, "policies.yaml", controller, Language.EN, false).text();

    assertThat(text).contains("Recordings are encrypted").doesNotContain("Card numbers");
  }

  @Test
  void theNoticeNamesTheConfiguredSupervisoryAuthority() {
    Controller withAuthority = new Controller("Example Bank SA", "Paris", "dpo@example.com",
        Optional.of("the CNIL, www.cnil.fr"));

    String text = Notice.of(policies, "policies.yaml", withAuthority, Language.EN, true).text();

    assertThat(text).contains("You may also lodge a complaint with the CNIL, www.cnil.fr.");
  }

  @Test
  void theIvrScriptIsTheShortSpokenSentenceInEachLanguage() {
    assertThat(notice(Language.FR).ivr()).startsWith("Cet appel est susceptible d'être enregistré par Example Bank SA,"
        + " pour les finalités suivantes : former et accompagner nos conseillers, avec votre accord ; contrôler")
        .contains("écrivez à dpo@example.com.").hasLineCount(1);
    assertThat(notice(Language.EN).ivr()).startsWith("This call may be recorded by Example Bank SA, for the following"
        + " purposes: training and coaching our customer advisers, with your agreement; checking");
  }

  @Test
  void theSsmlScriptIsWellFormedSpeechInTheNoticeLanguageWithEveryTextEscaped() throws Exception {
    Controller tricky = new Controller("Dupont & Fils <SA>", "Paris", "\"dpo\"@example.com", Optional.empty());

    String ssml = Notice.of(policies, "policies.yaml", tricky, Language.FR, true).ssml();

    Document doc = parse(ssml);
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("speak");
    assertThat(doc.getDocumentElement().getAttribute("xml:lang")).isEqualTo("fr-FR");
    assertThat(doc.getDocumentElement().getTextContent()).contains("enregistré par Dupont & Fils <SA>")
        .contains("\"dpo\"@example.com");
  }

  @Test
  void thePrivacyPageSectionEscapesEveryTextFromTheConfiguration() throws Exception {
    Controller hostile = new Controller("<script>alert(1)</script>", "A & B", "dpo@example.com", Optional.empty());

    String html = Notice.of(policies, "policies.yaml", hostile, Language.EN, true).html();

    assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("A &amp; B").contains("<section class=\"callvault-notice\" lang=\"en\">")
        .contains("<dt>Kept</dt><dd>5 years after the call, then deleted</dd>");
    assertThat(parse(html).getDocumentElement().getTextContent()).contains("<script>alert(1)</script>");
  }

  @Test
  void aPurposeNotDescribedInTheLanguageIsAnErrorNamingTheKey() throws Exception {
    Path config = tmp.resolve("config");
    Files.writeString(config.resolve("policies.yaml"), Files.readString(config.resolve("policies.yaml"))
        .replace("      fr: \"Former et accompagner nos conseillers, avec votre accord\"\n", ""));
    PolicySet withoutFrench = NoticeFixtures.policies(config);

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Notice.of(withoutFrench, "config/policies.yaml", controller, Language.FR, true));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("config/policies.yaml");
      assertThat(p.where()).isEqualTo("purposes[0].description.fr");
      assertThat(p.fix()).contains("description: {fr:");
    });
    assertThat(Notice.of(withoutFrench, "config/policies.yaml", controller, Language.EN, true).text())
        .contains("Training and coaching");
  }

  @Test
  void aMissingControllerSettingIsAnErrorNamingTheKeyAndAnExample() throws Exception {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Controller.from(
        NoticeFixtures.settings(tmp.resolve("config"), Map.of(Controller.DPO_CONTACT, " "))));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.where()).isEqualTo("callvault.dpo.contact");
      assertThat(p.fix()).isEqualTo("add callvault.dpo.contact=dpo@example.com");
    });
  }

  /** Parses XML without DTDs or external entities. */
  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
