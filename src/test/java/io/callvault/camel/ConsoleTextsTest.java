package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's texts: every key the page and its scripts use is in English and in French. */
class ConsoleTextsTest {
  static final Path DIR = Path.of("src", "main", "resources", "console");

  @Test
  void everyTextTheConsoleUsesExistsInEnglishAndFrench() throws IOException {
    String i18n = Files.readString(DIR.resolve("i18n.js"));
    int fr = i18n.indexOf("\n    fr: {");
    Set<String> english = keys(i18n.substring(0, fr));
    Set<String> french = keys(i18n.substring(fr));

    Set<String> used = new TreeSet<>();
    used.addAll(matches(Files.readString(DIR.resolve("index.html")), "data-i18n=\"([^\"]+)\""));
    for (String script : new String[] {"console.js", "charts.js"}) {
      // every quoted dotted name is a text key: t('person.find'), table('person.caption', ['col.recording', ...])
      used.addAll(matches(Files.readString(DIR.resolve(script)), "'([a-z]+\\.[a-zA-Z_]+)'"));
    }

    assertThat(used).hasSizeGreaterThan(50);
    assertThat(english).as("English texts").containsAll(used);
    assertThat(french).as("French texts: the same keys as the English ones").isEqualTo(english);
  }

  @Test
  void thePageHasNoInlineScriptStyleOrHandlerThatThePolicyWouldBlock() throws IOException {
    String page = Files.readString(DIR.resolve("index.html"));
    assertThat(page).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain("<style", " style=")
        .doesNotContainPattern("\\son[a-z]+=");
    for (String script : new String[] {"console.js", "charts.js", "i18n.js"}) {
      assertThat(Files.readString(DIR.resolve(script))).as(script)
          .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "localStorage",
              "sessionStorage", "document.cookie", "new Function");
    }
  }

  private static Set<String> keys(String dictionary) {
    return matches(dictionary, "\\n\\s+'([a-zA-Z.A-Z_]+)':");
  }

  private static Set<String> matches(String text, String regex) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
