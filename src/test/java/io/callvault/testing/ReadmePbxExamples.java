package io.callvault.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worked examples of README's "Adding a PBX": each yaml block headed by its {@code routes/} file name, with the
 * properties block that follows it, so that tests can prove each one as an operator would use it.
 */
public final class ReadmePbxExamples {
  private static final Pattern EXAMPLE = Pattern.compile(
      "```yaml\n# (routes/[^\n]+\\.camel\\.yaml)\n(.*?)```\\s*```properties\n(.*?)```", Pattern.DOTALL);
  private static final Pattern PROPERTY = Pattern.compile("^([\\w.-]+)=(.*)$", Pattern.MULTILINE);

  /** One example: its route file (relative to the install directory), its YAML and its properties text. */
  public record Example(String routeFile, String yaml, String properties) {
    /** The value of a route parameter, as written in the example ({@code - {name: x, value: y}}). */
    public String parameter(String name) {
      Matcher m = Pattern.compile("\\{name: " + Pattern.quote(name) + ", value: \"?([^\"}]*)\"?}").matcher(yaml);
      return m.find() ? m.group(1).strip() : null;
    }

    /** The example's properties, in order, as written. */
    public Map<String, String> propertyMap() {
      Map<String, String> out = new LinkedHashMap<>();
      Matcher m = PROPERTY.matcher(properties);
      while (m.find()) {
        out.put(m.group(1), m.group(2).strip());
      }
      return out;
    }
  }

  private ReadmePbxExamples() {}

  /** The examples of {@code readme}'s "Adding a PBX" section. */
  public static List<Example> of(Path readme) throws java.io.IOException {
    String text = Files.readString(readme);
    int start = text.indexOf("\n## Adding a PBX\n");
    if (start < 0) {
      throw new IllegalStateException(readme + " has no '## Adding a PBX' section");
    }
    int end = text.indexOf("\n## ", start + 1);
    Matcher m = EXAMPLE.matcher(text.substring(start, end < 0 ? text.length() : end));
    List<Example> examples = new ArrayList<>();
    while (m.find()) {
      examples.add(new Example(m.group(1), m.group(2), m.group(3)));
    }
    return examples;
  }
}
