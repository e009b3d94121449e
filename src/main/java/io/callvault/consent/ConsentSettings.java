package io.callvault.consent;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The consent section of {@code config/application.properties}, checked.
 *
 * <pre>
 * consent.source=csv|http
 * consent.csv.file=consent.csv                       # relative to the config directory
 * consent.http.url-template=https://crm/x/{subject}  # {subject} is percent-encoded
 * consent.http.auth-header=Authorization             # optional, with auth-value
 * consent.http.auth-value=${env:CRM_TOKEN}
 * consent.http.timeout=PT5S
 * consent.http.flag.&lt;flag&gt;=/json/pointer or $.json.path   # {subject} allowed
 * consent.http.value.&lt;raw&gt;=GRANTED|DENIED|UNKNOWN           # adds to / overrides the defaults
 * consent.http.resolve.url-template=https://crm/search?phone={subject}  # optional: number -> CRM id first
 * consent.http.resolve.path=/records/0/Id                  # where the id is; it becomes {subject} above
 * consent.cache.ttl=PT10M                            # PT0S turns the cache off
 * consent.cache.max-entries=10000
 * consent.retry.max-attempts=3
 * consent.retry.initial-backoff=PT0.2S
 * consent.retry.max-backoff=PT5S
 * </pre>
 *
 * @param kind which source
 * @param csvFile the CSV file (kind CSV), else {@code null}
 * @param http the HTTP settings (kind HTTP), else {@code null}
 * @param cacheTtl how long an answer is reused
 * @param cacheMaxEntries how many subjects the cache holds at most
 * @param retry how failed lookups are retried
 */
public record ConsentSettings(
    Kind kind, Path csvFile, HttpConsentSettings http, Duration cacheTtl, int cacheMaxEntries,
    RetryPolicy retry) {

  /** Which consent source is configured. */
  public enum Kind {
    CSV,
    HTTP
  }

  public static final String FILE = "config/application.properties";
  public static final String SOURCE = "consent.source";
  public static final String CSV_FILE = "consent.csv.file";
  public static final String URL_TEMPLATE = "consent.http.url-template";
  public static final String AUTH_HEADER = "consent.http.auth-header";
  public static final String AUTH_VALUE = "consent.http.auth-value";
  public static final String TIMEOUT = "consent.http.timeout";
  public static final String FLAG_PREFIX = "consent.http.flag.";
  public static final String VALUE_PREFIX = "consent.http.value.";
  public static final String RESOLVE_URL_TEMPLATE = "consent.http.resolve.url-template";
  public static final String RESOLVE_PATH = "consent.http.resolve.path";
  public static final String CACHE_TTL = "consent.cache.ttl";
  public static final String CACHE_MAX_ENTRIES = "consent.cache.max-entries";
  public static final String RETRY_MAX_ATTEMPTS = "consent.retry.max-attempts";
  public static final String RETRY_INITIAL_BACKOFF = "consent.retry.initial-backoff";
  public static final String RETRY_MAX_BACKOFF = "consent.retry.max-backoff";

  /**
   * Reads and checks the consent keys.
   *
   * @param props the properties (placeholders such as {@code ${env:X}} already resolved)
   * @param configDir the directory that holds application.properties; relative files resolve here
   * @throws ConfigException listing every problem found
   */
  public static ConsentSettings fromProperties(Map<String, String> props, Path configDir) {
    return new Reader(props, configDir).read();
  }

  private static final class Reader {
    private final Map<String, String> props;
    private final Path configDir;
    private final List<ConfigProblem> problems = new ArrayList<>();

    Reader(Map<String, String> props, Path configDir) {
      this.props = props;
      this.configDir = configDir;
    }

    ConsentSettings read() {
      Kind kind = null;
      String source = value(SOURCE);
      if (source == null) {
        problem(SOURCE, "no consent source is configured",
            "add consent.source=csv (with consent.csv.file) or consent.source=http (with"
                + " consent.http.url-template and consent.http.flag.<flag>)");
      } else {
        switch (source.toLowerCase(Locale.ROOT)) {
          case "csv" -> kind = Kind.CSV;
          case "http" -> kind = Kind.HTTP;
          default -> problem(SOURCE, "unknown consent source '" + source + "'",
              "use consent.source=csv or consent.source=http");
        }
      }
      Path csv = kind == Kind.CSV ? csvFile() : null;
      HttpConsentSettings http = kind == Kind.HTTP ? http() : null;
      Duration ttl = duration(CACHE_TTL, Duration.ofMinutes(10), true);
      int maxEntries = integer(CACHE_MAX_ENTRIES, CachingConsentLookup.DEFAULT_MAX_ENTRIES);
      int attempts = integer(RETRY_MAX_ATTEMPTS, 3);
      Duration initial = duration(RETRY_INITIAL_BACKOFF, Duration.ofMillis(200), true);
      Duration max = duration(RETRY_MAX_BACKOFF, Duration.ofSeconds(5), true);
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return new ConsentSettings(
          kind, csv, http, ttl, maxEntries, new RetryPolicy(attempts, initial, max));
    }

    private Path csvFile() {
      String name = value(CSV_FILE);
      if (name == null) {
        problem(CSV_FILE, "consent.source=csv needs the CSV file",
            "add consent.csv.file=<path>, relative to the config directory or absolute");
        return null;
      }
      return io.callvault.config.ConfigPaths.readableFile(configDir, CSV_FILE, name, "consent file",
          "subject,<flag1>,<flag2>,...", this::problem);
    }

    private HttpConsentSettings http() {
      String url = urlTemplate();
      String header = value(AUTH_HEADER);
      String secret = value(AUTH_VALUE);
      if (header != null && secret == null) {
        problem(AUTH_VALUE, "consent.http.auth-header is set but its value is missing or empty",
            "set consent.http.auth-value=${env:<VARIABLE>} and export that environment variable");
      } else if (header == null && secret != null) {
        problem(AUTH_HEADER, "consent.http.auth-value is set but no header name",
            "add consent.http.auth-header=Authorization (or the header your CRM expects)");
      }
      Duration timeout = duration(TIMEOUT, Duration.ofSeconds(5), false);
      Map<String, String> flags = new TreeMap<>();
      Map<String, ConsentStatus> values = new LinkedHashMap<>(ConsentValues.DEFAULTS);
      for (String key : new TreeMap<>(props).keySet()) {
        if (key.startsWith(FLAG_PREFIX)) {
          flag(key, flags);
        } else if (key.startsWith(VALUE_PREFIX)) {
          valueMapping(key, values);
        }
      }
      if (flags.isEmpty() && problems.stream().noneMatch(p -> p.where().startsWith(FLAG_PREFIX))) {
        problem(FLAG_PREFIX + "<flag>", "no consent flag is mapped from the HTTP answer",
            "add one line per flag, e.g. consent.http.flag.training=/{subject}/proceed/track");
      }
      if (url == null || timeout == null || !problems.isEmpty()) {
        return null;
      }
      return resolve(new HttpConsentSettings(url, header, secret, flags, values, timeout));
    }

    private String urlTemplate() {
      String url = value(URL_TEMPLATE);
      if (url == null) {
        problem(URL_TEMPLATE, "consent.source=http needs the URL to ask",
            "add consent.http.url-template=https://<crm>/<path>/{subject}");
        return null;
      }
      if (!url.contains(HttpConsentSettings.SUBJECT_PLACEHOLDER)) {
        problem(URL_TEMPLATE, "the URL template has no {subject} placeholder",
            "put {subject} where the subject's number or CRM id goes in the URL");
      }
      String lower = url.toLowerCase(Locale.ROOT);
      if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
        problem(URL_TEMPLATE, "the URL template must start with https:// or http://",
            "write an absolute URL such as https://crm.example.com/consent/{subject}");
        return url;
      }
      try {
        HttpJsonConsentSource.endpointOf(url);
      } catch (IllegalArgumentException e) {
        problem(URL_TEMPLATE, "the URL template is not a valid URL",
            "write an absolute URL such as https://crm.example.com/consent/{subject}");
      }
      return url;
    }

    /** consent.http.flag.<flag>=<JSON Pointer or JSONPath>. */
    private void flag(String key, Map<String, String> flags) {
      String flag = key.substring(FLAG_PREFIX.length()).trim();
      String path = value(key);
      if (flag.isEmpty()) {
        problem(key, "the flag name is empty", "write consent.http.flag.<flag>=<path>");
      } else if (path == null) {
        problem(key, "no path given for flag " + flag, "give a JSON Pointer (/a/b) or a JSONPath ($.a.b)");
      } else {
        String why = HttpJsonConsentSource.pathProblem(path);
        if (why != null) {
          problem(key, why, "give a JSON Pointer such as /{subject}/proceed/track or a JSONPath such"
              + " as $.subscriptionStatuses[?(@.id=='123')].status");
        } else {
          flags.put(flag, path);
        }
      }
    }

    /** consent.http.value.<raw>=GRANTED|DENIED|UNKNOWN. */
    private void valueMapping(String key, Map<String, ConsentStatus> values) {
      String raw = key.substring(VALUE_PREFIX.length()).trim();
      String status = value(key);
      ConsentStatus parsed = null;
      if (status != null) {
        try {
          parsed = ConsentStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
          parsed = null;
        }
      }
      if (raw.isEmpty()) {
        problem(key, "the raw value is empty", "write consent.http.value.<raw>=GRANTED");
      } else if (parsed == null) {
        problem(key, "'" + status + "' is not a consent status", "use GRANTED, DENIED or UNKNOWN");
      } else {
        values.put(raw.toLowerCase(Locale.ROOT), parsed);
      }
    }

    /** The optional first GET that turns the caller's number into the key the CRM's consent API takes. */
    private HttpConsentSettings resolve(HttpConsentSettings http) {
      String url = value(RESOLVE_URL_TEMPLATE);
      String path = value(RESOLVE_PATH);
      if (url == null && path == null) {
        return http;
      }
      if (url == null || path == null) {
        problem(url == null ? RESOLVE_URL_TEMPLATE : RESOLVE_PATH, RESOLVE_URL_TEMPLATE + " and " + RESOLVE_PATH
            + " go together", "set both (the search URL with {subject}, and where the CRM's id is in its answer),"
            + " or neither");
        return null;
      }
      if (!url.contains(HttpConsentSettings.SUBJECT_PLACEHOLDER)) {
        problem(RESOLVE_URL_TEMPLATE, "the URL template has no {subject} placeholder",
            "put {subject} where the caller's number goes, e.g. ...?q={subject}&in=PHONE");
      }
      try {
        HttpJsonConsentSource.endpointOf(url);
      } catch (IllegalArgumentException e) {
        problem(RESOLVE_URL_TEMPLATE, "the URL template is not an absolute http(s) URL",
            "write e.g. https://crm.example.com/search?phone={subject}");
      }
      String why = HttpJsonConsentSource.pathProblem(path);
      if (why != null) {
        problem(RESOLVE_PATH, why, "give a JSON Pointer such as /searchRecords/0/Id or a JSONPath");
      }
      return problems.isEmpty() ? http.withResolve(url, path) : null;
    }

    private String value(String key) {
      String v = props.get(key);
      if (v == null || v.isBlank()) {
        return null;
      }
      v = v.trim();
      if (v.startsWith("${") && v.endsWith("}")) {
        // Only the placeholder is shown: it names a variable, it is not the secret.
        problem(key, "the placeholder " + v + " was not resolved",
            "set the environment variable or property it names before starting callvault");
        return null;
      }
      return v;
    }

    private Duration duration(String key, Duration fallback, boolean zeroAllowed) {
      String v = value(key);
      if (v == null) {
        return fallback;
      }
      try {
        Duration d = Duration.parse(v);
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
          problem(key, "'" + v + "' must be " + (zeroAllowed ? "zero or more" : "more than zero"),
              "write an ISO-8601 duration such as " + fallback);
          return null;
        }
        return d;
      } catch (DateTimeParseException e) {
        problem(key, "'" + v + "' is not an ISO-8601 duration",
            "write e.g. " + fallback + " (PT0.2S = 200 ms, PT5S = 5 s, PT10M = 10 min)");
        return null;
      }
    }

    private int integer(String key, int fallback) {
      String v = value(key);
      if (v == null) {
        return fallback;
      }
      try {
        int i = Integer.parseInt(v);
        if (i >= 1) {
          return i;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problem(key, "'" + v + "' is not a whole number of at least 1",
          "write e.g. " + key + "=" + fallback);
      return fallback;
    }

    private void problem(String key, String problem, String fix) {
      problems.add(new ConfigProblem(FILE, key, problem, fix));
    }
  }
}
