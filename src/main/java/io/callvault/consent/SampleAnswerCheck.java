package io.callvault.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * check-config's test of the consent flag paths against a real answer of the CRM: with {@code consent.source=http},
 * {@code consent.http.sample-answer-file} (a JSON body saved from the CRM, relative to the config directory) and
 * {@code consent.http.sample-subject} (what stands for {@code {subject}} in the paths, if they use it), each
 * {@code consent.http.flag.<flag>} must find something in it. A wrong path would otherwise read every answer as
 * "unknown", never as consent, without an error.
 */
public final class SampleAnswerCheck {
  public static final String SAMPLE_FILE = "consent.http.sample-answer-file";
  public static final String SAMPLE_SUBJECT = "consent.http.sample-subject";

  private SampleAnswerCheck() {}

  /** The problems of the flag paths against the sample; none without a sample or with another source. */
  public static List<ConfigProblem> problems(Map<String, String> props, Path configDir, String fileName) {
    String sample = props.get(SAMPLE_FILE);
    if (sample == null || sample.isBlank() || !"http".equals(props.getOrDefault(ConsentSettings.SOURCE, "csv"))) {
      return List.of();
    }
    List<ConfigProblem> problems = new ArrayList<>();
    try {
      JsonNode answer = new ObjectMapper().readTree(configDir.resolve(sample).toFile());
      HttpJsonConsentSource source = new HttpJsonConsentSource(
          ConsentSettings.fromProperties(props, configDir).http());
      for (String flag : source.flagsMissingFrom(answer, props.getOrDefault(SAMPLE_SUBJECT, ""))) {
        problems.add(new ConfigProblem(fileName, "consent.http.flag." + flag, "the path '"
            + props.get("consent.http.flag." + flag) + "' finds nothing in the sample answer " + sample
            + ", so every answer would read as unknown for '" + flag + "'",
            "correct the path against the sample (a JSON Pointer such as /training, or a JSONPath)"));
      }
    } catch (IOException e) {
      problems.add(new ConfigProblem(fileName, SAMPLE_FILE, "cannot read " + sample + " as JSON: " + e.getMessage(),
          "save a real answer of the CRM (the body of its consent URL for one record) there"));
    } catch (io.callvault.config.ConfigException e) {
      return List.of(); // the consent settings' own problems are reported by their check
    } catch (ConsentUnavailableException | RuntimeException e) {
      problems.add(new ConfigProblem(fileName, "consent.http.flag.*", e.getMessage(),
          "correct the consent.http settings"));
    }
    return problems;
  }
}
