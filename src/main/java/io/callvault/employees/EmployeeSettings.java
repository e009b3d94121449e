package io.callvault.employees;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The employee directory section of {@code config/application.properties}, shaped like the consent source's:
 *
 * <pre>
 * employees.source=csv|http                # absent: no directory, agents are not mapped to employees
 * employees.csv.file=employees.csv         # relative to the config directory
 * employees.http.url-template=https://hr/extensions/{extension}?at={at}&amp;pbx={source}
 * employees.http.employee-pointer=/employee_id    # JSON Pointer of the id in the answer (default /employee)
 * employees.http.auth-header=Authorization        # optional, with auth-value
 * employees.http.auth-value=${env:HR_TOKEN}
 * employees.http.timeout=PT5S
 * </pre>
 */
public final class EmployeeSettings {
  public static final String FILE = "config/application.properties";
  public static final String SOURCE = "employees.source";
  public static final String CSV_FILE = "employees.csv.file";
  public static final String URL_TEMPLATE = "employees.http.url-template";
  public static final String POINTER = "employees.http.employee-pointer";
  public static final String AUTH_HEADER = "employees.http.auth-header";
  public static final String AUTH_VALUE = "employees.http.auth-value";
  public static final String TIMEOUT = "employees.http.timeout";

  private final Map<String, String> props;
  private final Path configDir;
  private final List<ConfigProblem> problems = new ArrayList<>();

  private EmployeeSettings(Map<String, String> props, Path configDir) {
    this.props = props;
    this.configDir = configDir;
  }

  /**
   * The configured directory, or {@link EmployeeDirectory#NONE} when {@code employees.source} is not set.
   *
   * @throws ConfigException naming each bad key and its fix
   */
  public static EmployeeDirectory directory(Map<String, String> props, Path configDir) {
    return new EmployeeSettings(props, configDir).read();
  }

  private EmployeeDirectory read() {
    String source = value(SOURCE);
    if (source == null) {
      return EmployeeDirectory.NONE;
    }
    EmployeeDirectory directory = switch (source.toLowerCase(Locale.ROOT)) {
      case "csv" -> csv();
      case "http" -> http();
      default -> {
        problem(SOURCE, "unknown employee directory '" + source + "'", "use employees.source=csv or employees.source=http,"
            + " or remove the key to map no agent to an employee");
        yield null;
      }
    };
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return directory;
  }

  private EmployeeDirectory csv() {
    String name = value(CSV_FILE);
    if (name == null) {
      problem(CSV_FILE, "employees.source=csv needs the CSV file", "add employees.csv.file=<path>, relative to the"
          + " config directory or absolute (header: extension,employee,valid_from,valid_to,source)");
      return null;
    }
    Path file = io.callvault.config.ConfigPaths.readableFile(configDir, CSV_FILE, name, "employee directory",
        "extension,employee,valid_from,valid_to,source", this::problem);
    return file == null ? null : new CsvEmployeeDirectory(file);
  }

  private EmployeeDirectory http() {
    String url = value(URL_TEMPLATE);
    if (url == null || !url.contains("{extension}") || !(url.startsWith("http://") || url.startsWith("https://"))) {
      problem(URL_TEMPLATE, url == null ? "employees.source=http needs the directory's URL"
              : "'" + url + "' is not an http(s) URL with {extension}",
          "add employees.http.url-template=https://hr.example.com/extensions/{extension}?at={at} ({source} and {at},"
              + " the call's start, are optional)");
    }
    String pointer = props.getOrDefault(POINTER, "/employee").strip();
    if (!pointer.startsWith("/")) {
      problem(POINTER, "'" + pointer + "' is not a JSON Pointer", "write it as /employee_id or /data/0/id");
    }
    String header = value(AUTH_HEADER);
    String secret = value(AUTH_VALUE);
    if ((header == null) != (secret == null)) {
      problem(header == null ? AUTH_HEADER : AUTH_VALUE, "auth-header and auth-value go together",
          "set both (employees.http.auth-header=Authorization, employees.http.auth-value=Bearer ${env:HR_TOKEN}) or neither");
    }
    Duration timeout = timeout();
    return problems.isEmpty() ? new HttpEmployeeDirectory(url, pointer, header, secret, timeout) : null;
  }

  private Duration timeout() {
    String raw = value(TIMEOUT);
    try {
      Duration d = raw == null ? Duration.ofSeconds(5) : Duration.parse(raw);
      if (!d.isNegative() && !d.isZero()) {
        return d;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    problem(TIMEOUT, "'" + raw + "' is not a positive ISO-8601 duration", "write it as PT5S");
    return Duration.ofSeconds(5);
  }

  private String value(String key) {
    String v = props.get(key);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private void problem(String key, String what, String fix) {
    problems.add(new ConfigProblem(FILE, key, what, fix));
  }
}
