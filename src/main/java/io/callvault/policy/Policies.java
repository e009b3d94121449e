package io.callvault.policy;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Loads and validates {@code policies.yaml}.
 *
 * <p>Every problem in the file is collected and thrown together as one {@link ConfigException};
 * each names the file, the key path with its line ({@code purposes[1].retention (line 12)}) and a
 * fix.
 */
public final class Policies {

  static final String NAME = "name";
  static final String LEGAL_BASIS = "legal-basis";
  static final String CONSENT_FLAG = "consent-flag";
  static final String RETENTION = "retention";
  static final String BUCKET = "bucket";
  static final String KEY_TEMPLATE = "key-template";
  static final String RECIPIENTS = "recipients";
  static final String ON_EXPIRY = "on-expiry";
  static final String OBJECT_LOCK = "object-lock";
  static final String PSEUDONYMISE_AFTER = "pseudonymise-after";
  static final String METADATA = "metadata";
  static final String TARGET = "target";
  static final String ON_FULFILMENT = "on-fulfilment";
  static final String DESCRIPTION = "description";
  static final String RECIPIENTS_DESCRIBED = "recipients-described";
  static final String EMPLOYEE_ERASURE = "employee-erasure";
  static final String EMPLOYEE_ERASURE_REASON = "employee-erasure-reason";
  private static final java.util.Set<String> PERSONAL_FIELDS =
      java.util.Set.of("caller", "callee", "subject", "phone", "number", "from", "to", "name", "clid", "src", "dst");

  /** Keys of one purpose, in documentation order. */
  static final List<String> PURPOSE_KEYS =
      List.of(NAME, LEGAL_BASIS, CONSENT_FLAG, RETENTION, BUCKET, KEY_TEMPLATE, RECIPIENTS, ON_EXPIRY,
          OBJECT_LOCK, PSEUDONYMISE_AFTER, METADATA, TARGET, ON_FULFILMENT, DESCRIPTION, RECIPIENTS_DESCRIBED,
          EMPLOYEE_ERASURE, EMPLOYEE_ERASURE_REASON);

  private static final Map<String, String> EXAMPLES =
      Map.ofEntries(
          Map.entry(NAME, "name: training"),
          Map.entry(LEGAL_BASIS, "legal-basis: consent"),
          Map.entry(CONSENT_FLAG, "consent-flag: training"),
          Map.entry(RETENTION, "retention: P6M"),
          Map.entry(BUCKET, "bucket: callvault-training"),
          Map.entry(KEY_TEMPLATE, "key-template: \"{yyyy}/{MM}/{dd}/{id}.{ext}.gpg\""),
          Map.entry(RECIPIENTS, "recipients: [keys/training.pub.asc]"),
          Map.entry(ON_EXPIRY, "on-expiry: delete"),
          Map.entry(OBJECT_LOCK, "object-lock: governance"),
          Map.entry(PSEUDONYMISE_AFTER, "pseudonymise-after: P30D"),
          Map.entry(METADATA, "metadata: [direction, duration]"),
          Map.entry(TARGET, "target: archive"),
          Map.entry(ON_FULFILMENT, "on-fulfilment: P2W"),
          Map.entry(DESCRIPTION, "description: {en: \"Coaching our agents\", fr: \"Former nos conseillers\"}"),
          Map.entry(RECIPIENTS_DESCRIBED, "recipients-described: {en: [Training team], fr: [Équipe formation]}"),
          Map.entry(EMPLOYEE_ERASURE, "employee-erasure: keep"),
          Map.entry(EMPLOYEE_ERASURE_REASON, "employee-erasure-reason: \"the customer's own record of the call\""));

  private static final Pattern PURPOSE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
  private static final String PERIOD_HINT = "an ISO-8601 period such as P6M or P5Y";

  private Policies() {}

  /**
   * Reads and validates the purposes.
   *
   * @param policiesYaml usually {@code config/policies.yaml}
   * @param configDir directory that {@code recipients} paths are relative to (usually {@code
   *     config}); null means the directory of {@code policiesYaml}
   * @throws ConfigException with every problem found
   */
  public static PolicySet load(Path policiesYaml, Path configDir) {
    Path dir = configDir != null ? configDir : policiesYaml.toAbsolutePath().getParent();
    return new Loader(displayName(policiesYaml), dir).load(policiesYaml);
  }

  /** The file as an operator would type it: relative to the working directory when inside it. */
  static String displayName(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath().normalize();
    return (abs.startsWith(cwd) ? cwd.relativize(abs) : abs).toString().replace('\\', '/');
  }

  /** The first rule of S3 bucket naming that {@code bucket} breaks, or empty when it is valid. */
  static Optional<String> bucketRuleBroken(String bucket) {
    if (bucket.length() < 3 || bucket.length() > 63) {
      return Optional.of("must be 3 to 63 characters long (it has " + bucket.length() + ")");
    }
    if (!bucket.equals(bucket.toLowerCase(Locale.ROOT))) {
      return Optional.of("must be lower case");
    }
    if (!bucket.matches("[a-z0-9.-]+")) {
      return Optional.of("may contain only lower-case letters, digits, dots and hyphens");
    }
    if (!Character.isLetterOrDigit(bucket.charAt(0))
        || !Character.isLetterOrDigit(bucket.charAt(bucket.length() - 1))) {
      return Optional.of("must begin and end with a letter or a digit");
    }
    if (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.")) {
      return Optional.of("must not contain two dots in a row, or a dot next to a hyphen");
    }
    if (IP_ADDRESS.matcher(bucket).matches()) {
      return Optional.of("must not look like an IP address");
    }
    if (bucket.startsWith("xn--") || bucket.startsWith("sthree-")) {
      return Optional.of("must not begin with 'xn--' or 'sthree-' (reserved by S3)");
    }
    if (bucket.endsWith("-s3alias") || bucket.endsWith("--ol-s3")) {
      return Optional.of("must not end with '-s3alias' or '--ol-s3' (reserved by S3)");
    }
    return Optional.empty();
  }

  /** One pass over one file; collects problems instead of stopping at the first. */
  private static final class Loader {
    private final String file;
    private final Path configDir;
    private final List<ConfigProblem> problems = new ArrayList<>();

    Loader(String file, Path configDir) {
      this.file = file;
      this.configDir = configDir;
    }

    PolicySet load(Path path) {
      Optional<Node> root;
      try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        root = new Compose(LoadSettings.builder().setLabel(file).build()).composeReader(reader);
      } catch (NoSuchFileException e) {
        throw new ConfigException(
            new ConfigProblem(
                file,
                "",
                "file not found",
                "create it with a 'purposes:' list, or start callvault with the right config"
                    + " directory"));
      } catch (IOException | java.io.UncheckedIOException e) {
        throw new ConfigException(
            new ConfigProblem(file, "", "cannot read the file: " + e.getMessage(),
                "check that the file exists and is readable by the callvault user"));
      } catch (MarkedYamlEngineException e) {
        Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
        String where = mark.map(m -> "line " + (m.getLine() + 1)).orElse("");
        String what = e.getContext() == null ? e.getProblem() : e.getContext() + ", " + e.getProblem();
        throw new ConfigException(
            new ConfigProblem(
                file,
                where,
                "YAML syntax error: " + what,
                "correct the YAML" + (where.isEmpty() ? "" : " at " + where)
                    + ": indent with spaces (not tabs), and quote values that contain ': ', '{' or"
                    + " '#', e.g. key-template: \"{yyyy}/{id}.{ext}.gpg\""));
      } catch (YamlEngineException e) {
        throw new ConfigException(
            new ConfigProblem(file, "", "YAML syntax error: " + e.getMessage(),
                "correct the YAML syntax"));
      }

      List<Purpose> purposes = root.map(this::document).orElseGet(() -> {
        noPurposes("", "the file is empty");
        return List.of();
      });
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return new PolicySet(purposes);
    }

    private List<Purpose> document(Node root) {
      if (!(root instanceof MappingNode map)) {
        problem("", root, "the file must be a mapping with a 'purposes:' list",
            "start the file with 'purposes:' followed by one '- name: ...' entry per purpose");
        return List.of();
      }
      Map<String, NodeTuple> top = keys(map, "", List.of("purposes"));
      NodeTuple purposesTuple = top.get("purposes");
      if (purposesTuple == null) {
        noPurposes("purposes", "missing required key 'purposes'");
        return List.of();
      }
      Node list = purposesTuple.getValueNode();
      if (isNull(list)) {
        noPurposes("purposes", "no purposes are configured");
        return List.of();
      }
      if (!(list instanceof SequenceNode seq)) {
        problem("purposes", list, "'purposes' must be a list",
            "start each purpose with '- ', e.g. '  - name: training'");
        return List.of();
      }
      if (seq.getValue().isEmpty()) {
        noPurposes("purposes", "no purposes are configured");
        return List.of();
      }

      List<Purpose> purposes = new ArrayList<>();
      Map<String, String> seenNames = new HashMap<>();
      Map<String, String> seenBucketTemplates = new HashMap<>();
      for (int i = 0; i < seq.getValue().size(); i++) {
        String path = "purposes[" + i + "]";
        Node item = seq.getValue().get(i);
        String name = nameOf(item);
        if (name != null) {
          String earlier = seenNames.putIfAbsent(name, path);
          if (earlier != null) {
            problem(path + "." + NAME, valueNode(item, NAME),
                "duplicate purpose name '" + name + "' (already used by " + earlier + ")",
                "give each purpose its own name, or merge the two entries");
          }
        }
        purpose(path, item).ifPresent(p -> {
          purposes.add(p);
          if (!p.keyTemplate().contains("{purpose}")) {
            String collision = p.bucket() + "\u0000" + p.keyTemplate();
            String earlier = seenBucketTemplates.putIfAbsent(collision, path);
            if (earlier != null) {
              problem(path + "." + KEY_TEMPLATE, valueNode(item, KEY_TEMPLATE),
                  "bucket '" + p.bucket() + "' and key template are the same as " + earlier
                      + "'s, so their copies would overwrite each other",
                  "use a different bucket, or put {purpose} in the key template");
            }
          }
        });
      }
      return purposes;
    }

    private Optional<Purpose> purpose(String path, Node node) {
      if (!(node instanceof MappingNode map)) {
        problem(path, node, "a purpose must be a mapping of keys to values",
            "write it as '- name: training' with its other keys indented below");
        return Optional.empty();
      }
      int before = problems.size();
      Map<String, NodeTuple> keys = keys(map, path, PURPOSE_KEYS);
      String label = nameOf(map) == null ? path : "purpose '" + nameOf(map) + "'";
      requireKeys(path, map, keys, label);
      String name = text(keys, path, NAME).orElse(null);
      checkName(path, map, name);
      LegalBasis basis = choice(keys, path, LEGAL_BASIS, label, LegalBasis.values(),
          LegalBasis::yamlName).orElse(null);
      String consentFlag = text(keys, path, CONSENT_FLAG).orElse(null);
      checkConsentFlag(path, map, keys, label, name, basis, consentFlag);
      Period retention = text(keys, path, RETENTION).map(v -> period(path, map, label, v))
          .orElse(null);
      ObjectLockMode objectLock = choice(keys, path, OBJECT_LOCK, label, ObjectLockMode.values(),
          ObjectLockMode::yamlName).orElse(null);
      checkObjectLock(path, map, label, basis, objectLock);
      Period pseudonymiseAfter = text(keys, path, PSEUDONYMISE_AFTER)
          .map(v -> pseudonymiseAfter(path, map, label, v, retention)).orElse(null);
      String bucket = text(keys, path, BUCKET).map(b -> bucket(path, map, label, b)).orElse(null);
      String template = text(keys, path, KEY_TEMPLATE).map(t -> keyTemplate(path, map, label, t)).orElse(null);
      List<Path> recipients = recipients(keys, path, label);
      ExpiryAction onExpiry = choice(keys, path, ON_EXPIRY, label, ExpiryAction.values(),
          ExpiryAction::yamlName).orElse(null);
      List<String> metadata = metadata(keys, path, label);
      String target = text(keys, path, TARGET).map(t -> target(path, map, label, t)).orElse(Purpose.DEFAULT_TARGET);
      Period onFulfilment = text(keys, path, ON_FULFILMENT).map(v -> onFulfilment(path, map, label, v, objectLock))
          .orElse(null);
      PurposeWording wording = new PurposeWording(descriptions(keys, path, label), recipientsDescribed(keys, path, label));
      EmployeeErasure employeeErasure = employeeErasure(keys, path, map, label);
      if (problems.size() > before) {
        return Optional.empty();
      }
      return Optional.of(new Purpose(name, basis, consentFlag, retention, bucket, template,
          recipients, onExpiry, objectLock, pseudonymiseAfter, metadata, target, onFulfilment, wording, employeeErasure));
    }

    private void requireKeys(String path, MappingNode map, Map<String, NodeTuple> keys, String label) {
      for (String required :
          List.of(NAME, LEGAL_BASIS, RETENTION, BUCKET, KEY_TEMPLATE, RECIPIENTS, ON_EXPIRY)) {
        if (!keys.containsKey(required) || isNull(keys.get(required).getValueNode())) {
          problem(path + "." + required, keys.containsKey(required)
                  ? keys.get(required).getValueNode() : map,
              label + ": " + (keys.containsKey(required) ? "'" + required + "' has no value"
                  : "missing required key '" + required + "'"),
              "add '" + EXAMPLES.get(required) + "'" + hint(required));
        }
      }
    }

    private void checkName(String path, MappingNode map, String name) {
      if (name != null && !PURPOSE_NAME.matcher(name).matches()) {
        problem(path + "." + NAME, valueNode(map, NAME),
            "purpose name '" + name + "' is not a simple lower-case name",
            "use lower-case letters, digits, '-' or '_' (at most 63), e.g. 'name: "
                + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-") + "'");
      }
    }

    private void checkConsentFlag(String path, MappingNode map, Map<String, NodeTuple> keys, String label,
        String name, LegalBasis basis, String consentFlag) {
      if (basis == LegalBasis.CONSENT && consentFlag == null && keys.containsKey(LEGAL_BASIS)) {
        problem(path + "." + CONSENT_FLAG, map,
            label + ": legal-basis is consent but no consent-flag says which consent to check",
            "add 'consent-flag: <flag name in your consent source>', e.g. 'consent-flag: "
                + (name == null ? "training" : name) + "'");
      }
      if (basis != null && basis != LegalBasis.CONSENT && consentFlag != null) {
        problem(path + "." + CONSENT_FLAG, valueNode(map, CONSENT_FLAG),
            label + ": consent-flag '" + consentFlag + "' would be ignored: legal-basis is "
                + basis.yamlName() + ", not consent",
            "remove 'consent-flag', or set 'legal-basis: consent' if this purpose needs consent");
      }
    }

    private void checkObjectLock(String path, MappingNode map, String label, LegalBasis basis,
        ObjectLockMode objectLock) {
      if (objectLock == ObjectLockMode.COMPLIANCE && basis == LegalBasis.CONSENT) {
        problem(path + "." + OBJECT_LOCK, valueNode(map, OBJECT_LOCK),
            label + ": object-lock compliance on a consent-based purpose: a compliance-locked copy"
                + " cannot be erased by anyone before its retain-until date, so it could not be"
                + " erased when the caller withdraws consent (GDPR Art. 7(3), 17(1)(b))",
            "use 'object-lock: governance' (callvault can still erase with"
                + " s3:BypassGovernanceRetention), remove object-lock, or keep this purpose under"
                + " another legal basis");
      }
    }

    /** The storage target's name: its settings are storage.<name>.* in application.properties. */
    private String target(String path, MappingNode map, String label, String target) {
      if (!PURPOSE_NAME.matcher(target).matches()) {
        problem(path + "." + TARGET, valueNode(map, TARGET), label + ": target '" + target
            + "' is not a simple lower-case name", "name a target defined as storage.<name>.* in"
            + " application.properties, e.g. '" + EXAMPLES.get(TARGET) + "', or leave it out for the s3.* settings");
        return null;
      }
      return target;
    }

    /** The bucket name, or null (with a problem) when it is not a valid S3 bucket name. */
    private String bucket(String path, MappingNode map, String label, String bucket) {
      Optional<String> broken = bucketRuleBroken(bucket);
      if (broken.isEmpty()) {
        return bucket;
      }
      String suggestion = bucket.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-")
          .replaceAll("^[.-]+|[.-]+$", "");
      problem(path + "." + BUCKET, valueNode(map, BUCKET),
          label + ": bucket name '" + bucket + "' is not a valid S3 bucket name: it " + broken.get(),
          "S3 bucket names are 3-63 characters of lower-case letters, digits, dots and"
              + " hyphens, beginning and ending with a letter or digit"
              + (bucketRuleBroken(suggestion).isEmpty() ? ", e.g. '" + suggestion + "'" : ""));
      return null;
    }

    /** How long a copy is kept once its purpose is met: a period, zero included, and no Object Lock to outlast. */
    /** {@code employee-erasure: delete | keep}, and the reason that {@code keep} must give. */
    private EmployeeErasure employeeErasure(Map<String, NodeTuple> keys, String path, MappingNode map, String label) {
      String action = text(keys, path, EMPLOYEE_ERASURE).orElse("delete");
      String reason = text(keys, path, EMPLOYEE_ERASURE_REASON).map(String::strip).filter(r -> !r.isEmpty()).orElse(null);
      if (!action.equals("delete") && !action.equals("keep")) {
        problem(path + "." + EMPLOYEE_ERASURE, valueNode(map, EMPLOYEE_ERASURE), label + ": employee-erasure '" + action
            + "' is neither delete nor keep", "write 'employee-erasure: delete' (an employee's erasure erases the copy)"
            + " or 'employee-erasure: keep' with 'employee-erasure-reason: <why the customer's copy must stay>'");
        return null;
      }
      if (action.equals("keep") && reason == null) {
        problem(path + "." + EMPLOYEE_ERASURE_REASON, map, label + ": employee-erasure is keep but no reason says why"
            + " a copy is kept against the employee's erasure request", "add '" + EXAMPLES.get(EMPLOYEE_ERASURE_REASON)
            + "': the employee's answer and the certificate state it");
        return null;
      }
      return action.equals("keep") ? new EmployeeErasure(true, reason) : EmployeeErasure.DELETE;
    }

    private Period onFulfilment(String path, MappingNode map, String label, String value, ObjectLockMode objectLock) {
      String at = path + "." + ON_FULFILMENT;
      Period period;
      try {
        period = Period.parse(value);
      } catch (DateTimeParseException e) {
        problem(at, valueNode(map, ON_FULFILMENT), label + ": on-fulfilment '" + value + "' is not " + PERIOD_HINT,
            "write it as an ISO-8601 period, e.g. 'on-fulfilment: P2W' (two weeks) or 'on-fulfilment: P0D' (at once)");
        return null;
      }
      if (period.isNegative()) {
        problem(at, valueNode(map, ON_FULFILMENT), label + ": on-fulfilment '" + value + "' is negative",
            "set zero or a positive period, e.g. 'on-fulfilment: P2W'");
        return null;
      }
      if (objectLock != null) {
        problem(at, valueNode(map, ON_FULFILMENT), label + ": on-fulfilment with object-lock " + objectLock.yamlName()
                + ": the lock keeps every object until the retention's end, so a fulfilled copy could not be deleted sooner",
            "remove 'object-lock' or 'on-fulfilment' from this purpose");
        return null;
      }
      return period;
    }

    private Period pseudonymiseAfter(String path, MappingNode map, String label, String value,
        Period retention) {
      String at = path + "." + PSEUDONYMISE_AFTER;
      Period period;
      try {
        period = Period.parse(value);
      } catch (DateTimeParseException e) {
        problem(at, valueNode(map, PSEUDONYMISE_AFTER),
            label + ": pseudonymise-after '" + value + "' is not " + PERIOD_HINT,
            "write it as " + PERIOD_HINT + ", e.g. 'pseudonymise-after: P30D' for thirty days");
        return null;
      }
      if (period.isZero() || period.isNegative()) {
        problem(at, valueNode(map, PSEUDONYMISE_AFTER),
            label + ": pseudonymise-after '" + value + "' is not a positive period",
            "set a positive period shorter than the retention, e.g. 'pseudonymise-after: P30D',"
                + " or remove the key");
        return null;
      }
      if (retention != null && !shorter(period, retention)) {
        problem(at, valueNode(map, PSEUDONYMISE_AFTER),
            label + ": pseudonymise-after " + value + " is not shorter than the retention "
                + retention + ", so it would never happen",
            "set a period shorter than the retention, e.g. 'pseudonymise-after: P30D', or remove"
                + " the key");
        return null;
      }
      return period;
    }

    private Period period(String path, MappingNode map, String label, String value) {
      Period period;
      try {
        period = Period.parse(value);
      } catch (DateTimeParseException e) {
        problem(path + "." + RETENTION, valueNode(map, RETENTION),
            label + ": retention '" + value + "' is not " + PERIOD_HINT,
            "write the retention as " + PERIOD_HINT + " (P = period, Y = years, M = months,"
                + " W = weeks, D = days), e.g. 'retention: P6M' for six months");
        return null;
      }
      if (period.isZero() || period.isNegative()) {
        problem(path + "." + RETENTION, valueNode(map, RETENTION),
            label + ": retention '" + value + "' is " + (period.isZero() ? "zero" : "negative")
                + "; copies would expire as soon as they are stored",
            "set a positive period, e.g. 'retention: P6M'; to keep no copy for this purpose,"
                + " remove the purpose");
        return null;
      }
      return period;
    }

    private String keyTemplate(String path, MappingNode map, String label, String template) {
      boolean ok = true;
      List<String> unknown = KeyTemplate.unknownPlaceholders(template);
      for (String placeholder : unknown) {
        String suggestion = Suggest.closest(placeholder, KeyTemplate.PLACEHOLDERS)
            .map(s -> "did you mean " + s + "? ").orElse("");
        problem(path + "." + KEY_TEMPLATE, valueNode(map, KEY_TEMPLATE),
            label + ": key template has unknown placeholder " + placeholder,
            suggestion + "allowed placeholders are " + String.join(" ", KeyTemplate.PLACEHOLDERS)
                + "; object keys must never carry personal data such as phone numbers");
        ok = false;
      }
      if (!template.contains("{id}")) {
        problem(path + "." + KEY_TEMPLATE, valueNode(map, KEY_TEMPLATE),
            label + ": key template has no {id}, so two recordings could get the same key and"
                + " overwrite each other",
            "include {id} (the recording id), e.g. 'key-template: \"{yyyy}/{MM}/{dd}/{id}.{ext}.gpg\"'");
        ok = false;
      }
      if (template.startsWith("/") || template.contains("//")) {
        problem(path + "." + KEY_TEMPLATE, valueNode(map, KEY_TEMPLATE),
            label + ": key template has a leading '/' or an empty segment '//'",
            "remove the extra '/', e.g. 'key-template: \"{yyyy}/{MM}/{dd}/{id}.{ext}.gpg\"'");
        ok = false;
      }
      return ok ? template : null;
    }

    private List<String> metadata(Map<String, NodeTuple> keys, String path, String label) {
      NodeTuple tuple = keys.get(METADATA);
      if (tuple == null || isNull(tuple.getValueNode())) {
        return List.of();
      }
      String at = path + "." + METADATA;
      if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
        problem(at, tuple.getValueNode(), label + ": metadata must be a list of field names",
            "write it as a list, e.g. '" + EXAMPLES.get(METADATA) + "'");
        return List.of();
      }
      List<String> fields = new ArrayList<>();
      for (int j = 0; j < seq.getValue().size(); j++) {
        Node n = seq.getValue().get(j);
        String field = scalar(n, at + "[" + j + "]").orElse("");
        if (PERSONAL_FIELDS.contains(field.toLowerCase(Locale.ROOT))) {
          problem(at + "[" + j + "]", n, label + ": '" + field + "' would put a phone number or a name into"
                  + " object metadata, which callvault never does (the catalog keeps only the subject key)",
              "remove it; metadata may be " + Purpose.METADATA_FIELDS);
        } else if (!Purpose.METADATA_FIELDS.contains(field)) {
          problem(at + "[" + j + "]", n, label + ": unknown metadata field '" + field + "'",
              "use some of " + Purpose.METADATA_FIELDS);
        } else {
          fields.add(field);
        }
      }
      return fields;
    }

    /** {@code description: {en: ..., fr: ...}}: one non-empty text per two-letter language code. */
    private Map<String, String> descriptions(Map<String, NodeTuple> keys, String path, String label) {
      Map<String, String> texts = new LinkedHashMap<>();
      perLanguage(keys, path, label, DESCRIPTION).forEach((lang, node) ->
          scalar(node, path + "." + DESCRIPTION + "." + lang).ifPresentOrElse(t -> texts.put(lang, t),
              () -> emptyText(path + "." + DESCRIPTION + "." + lang, node, label, DESCRIPTION)));
      return texts;
    }

    /** {@code recipients-described: {en: [...], fr: [...]}}: who receives the copies, in words, per language. */
    private Map<String, List<String>> recipientsDescribed(Map<String, NodeTuple> keys, String path, String label) {
      Map<String, List<String>> names = new LinkedHashMap<>();
      perLanguage(keys, path, label, RECIPIENTS_DESCRIBED).forEach((lang, node) -> {
        String at = path + "." + RECIPIENTS_DESCRIBED + "." + lang;
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
          problem(at, node, label + ": " + RECIPIENTS_DESCRIBED + "." + lang + " must be a non-empty list of names",
              "write it as a list, e.g. '" + EXAMPLES.get(RECIPIENTS_DESCRIBED) + "'");
          return;
        }
        List<String> list = new ArrayList<>();
        for (int j = 0; j < seq.getValue().size(); j++) {
          Node n = seq.getValue().get(j);
          String itemAt = at + "[" + j + "]";
          scalar(n, itemAt).ifPresentOrElse(list::add, () -> emptyText(itemAt, n, label, RECIPIENTS_DESCRIBED));
        }
        names.put(lang, list);
      });
      return names;
    }

    /** The value nodes of a per-language mapping, by language code; problems for anything else. */
    private Map<String, Node> perLanguage(Map<String, NodeTuple> keys, String path, String label, String key) {
      NodeTuple tuple = keys.get(key);
      Map<String, Node> byLang = new LinkedHashMap<>();
      if (tuple == null || isNull(tuple.getValueNode())) {
        return byLang;
      }
      if (!(tuple.getValueNode() instanceof MappingNode map)) {
        problem(path + "." + key, tuple.getValueNode(), label + ": " + key + " must map language codes to text",
            "write one entry per language, e.g. '" + EXAMPLES.get(key) + "'");
        return byLang;
      }
      for (NodeTuple t : map.getValue()) {
        String lang = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
        if (!LANGUAGE.matcher(lang).matches() || byLang.containsKey(lang)) {
          problem(path + "." + key, t.getKeyNode(), label + ": '" + lang + "' in " + key + " is "
                  + (byLang.containsKey(lang) ? "given twice" : "not a two-letter lower-case language code"),
              "use ISO 639-1 codes once each, e.g. '" + EXAMPLES.get(key) + "'");
          continue;
        }
        byLang.put(lang, t.getValueNode());
      }
      return byLang;
    }

    private void emptyText(String at, Node node, String label, String key) {
      if (node instanceof ScalarNode) {
        problem(at, node, label + ": empty text in " + key, "write the text, or remove the entry");
      }
    }

    private List<Path> recipients(Map<String, NodeTuple> keys, String path, String label) {
      NodeTuple tuple = keys.get(RECIPIENTS);
      if (tuple == null || isNull(tuple.getValueNode())) {
        return List.of();
      }
      String at = path + "." + RECIPIENTS;
      if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
        problem(at, tuple.getValueNode(), label + ": recipients must be a list of public key files",
            "write it as a list, e.g. '" + EXAMPLES.get(RECIPIENTS) + "'");
        return List.of();
      }
      if (seq.getValue().isEmpty()) {
        problem(at, seq, label + ": no recipients, so nobody could decrypt this purpose's copies",
            "list at least one public key file, e.g. '" + EXAMPLES.get(RECIPIENTS) + "'");
      }
      List<Path> paths = new ArrayList<>();
      for (int j = 0; j < seq.getValue().size(); j++) {
        Node n = seq.getValue().get(j);
        String itemPath = at + "[" + j + "]";
        Optional<String> value = scalar(n, itemPath);
        if (value.isEmpty()) {
          if (n instanceof ScalarNode) {
            problem(itemPath, n, label + ": empty recipient entry", "remove the empty entry");
          }
          continue;
        }
        Path resolved;
        try {
          resolved = configDir.resolve(value.get()).normalize();
        } catch (InvalidPathException e) {
          problem(itemPath, n, label + ": recipient '" + value.get() + "' is not a valid path",
              "give a path relative to the config directory, e.g. 'keys/training.pub.asc'");
          continue;
        }
        if (!Files.isRegularFile(resolved) || !Files.isReadable(resolved)) {
          problem(itemPath, n,
              label + ": recipient key file '" + value.get() + "' does not exist (looked for "
                  + displayName(resolved) + ")",
              "run `./callvault keys generate " + keyName(value.get()) + "` to create it, or"
                  + " correct the path (it is relative to the config directory)");
          continue;
        }
        paths.add(resolved);
      }
      return paths;
    }

    private <E extends Enum<E>> Optional<E> choice(Map<String, NodeTuple> keys, String path,
        String key, String label, E[] values, Function<E, String> yaml) {
      Optional<String> value = text(keys, path, key);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      for (E e : values) {
        if (yaml.apply(e).equals(value.get())) {
          return Optional.of(e);
        }
      }
      List<String> allowed = Arrays.stream(values).map(yaml).toList();
      String suggestion = Suggest.closest(value.get(), allowed)
          .map(s -> "did you mean '" + s + "'? ").orElse("");
      problem(path + "." + key, keys.get(key).getValueNode(),
          label + ": '" + value.get() + "' is not a valid " + key,
          suggestion + "use one of: " + String.join(", ", allowed));
      return Optional.empty();
    }

    /** The scalar text of {@code key}, empty when absent, null or not a scalar (then reported). */
    private Optional<String> text(Map<String, NodeTuple> keys, String path, String key) {
      NodeTuple tuple = keys.get(key);
      return tuple == null ? Optional.empty() : scalar(tuple.getValueNode(), path + "." + key);
    }

    private Optional<String> scalar(Node node, String at) {
      if (node instanceof ScalarNode s) {
        return isNull(s) ? Optional.empty() : Optional.of(s.getValue().trim());
      }
      boolean template = at.endsWith(KEY_TEMPLATE);
      problem(at, node,
          "expected a single value but found a " + (node instanceof SequenceNode ? "list" : "mapping"),
          template
              ? "quote the template, because YAML reads an unquoted '{' as a mapping: '"
                  + EXAMPLES.get(KEY_TEMPLATE) + "'"
              : "write a single value, e.g. '" + example(at) + "'");
      return Optional.empty();
    }

    /** Reads a mapping's keys, reporting unknown and duplicate ones. */
    private Map<String, NodeTuple> keys(MappingNode map, String path, List<String> allowed) {
      Map<String, NodeTuple> keys = new LinkedHashMap<>();
      for (NodeTuple tuple : map.getValue()) {
        Node keyNode = tuple.getKeyNode();
        String key = keyNode instanceof ScalarNode s ? s.getValue() : null;
        String at = path.isEmpty() ? String.valueOf(key) : path + "." + key;
        if (key == null) {
          problem(path, keyNode, "a key must be a plain name", "use one of: "
              + String.join(", ", allowed));
        } else if (!allowed.contains(key)) {
          String suggestion = Suggest.closest(key, allowed)
              .map(s -> "did you mean '" + s + "'? ").orElse("remove it; ");
          problem(at, keyNode, "unknown key '" + key + "'",
              suggestion + "allowed keys " + (path.isEmpty() ? "at the top level" : "of a purpose")
                  + " are: " + String.join(", ", allowed));
        } else if (keys.containsKey(key)) {
          problem(at, keyNode, "key '" + key + "' appears twice",
              "keep only one '" + key + "' (YAML would silently use one of them)");
        } else {
          keys.put(key, tuple);
        }
      }
      return keys;
    }

    private void noPurposes(String where, String problem) {
      problems.add(new ConfigProblem(file, where, problem + "; callvault would keep nothing",
          "add at least one purpose, e.g.\n      purposes:\n        - name: legal\n"
              + "          legal-basis: legal-obligation\n          retention: P5Y\n"
              + "          bucket: callvault-legal\n"
              + "          key-template: \"{yyyy}/{MM}/{dd}/{id}.{ext}.gpg\"\n"
              + "          recipients: [keys/legal.pub.asc]\n          on-expiry: delete"));
    }

    private void problem(String path, Node node, String problem, String fix) {
      Optional<Mark> mark = node == null ? Optional.empty() : node.getStartMark();
      String line = mark.map(m -> "line " + (m.getLine() + 1)).orElse("");
      String where = path.isEmpty() ? line : line.isEmpty() ? path : path + " (" + line + ")";
      problems.add(new ConfigProblem(file, where, problem, fix));
    }
  }

  /** Whether {@code a} ends before {@code b} from every start day of a leap and a common year. */
  static boolean shorter(Period a, Period b) {
    java.time.LocalDate day = java.time.LocalDate.of(2023, 1, 1);
    java.time.LocalDate end = java.time.LocalDate.of(2025, 1, 1);
    for (; day.isBefore(end); day = day.plusDays(1)) {
      if (!day.plus(a).isBefore(day.plus(b))) {
        return false;
      }
    }
    return true;
  }

  private static String hint(String key) {
    return switch (key) {
      case LEGAL_BASIS -> "; one of: " + Arrays.stream(LegalBasis.values())
          .map(LegalBasis::yamlName).collect(Collectors.joining(", "));
      case RETENTION -> ", " + PERIOD_HINT;
      case ON_EXPIRY -> "; one of: delete, anonymise";
      case OBJECT_LOCK -> "; one of: governance, compliance";
      case RECIPIENTS -> ", public key files relative to the config directory";
      default -> "";
    };
  }

  private static String example(String at) {
    String key = at.substring(at.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
    return EXAMPLES.getOrDefault(key, key + ": value");
  }

  /** "keys/training.pub.asc" -> "training": the name {@code ./callvault keys generate} expects. */
  static String keyName(String recipient) {
    String fileName = recipient.replace('\\', '/');
    fileName = fileName.substring(fileName.lastIndexOf('/') + 1);
    for (String suffix : List.of(".pub.asc", ".asc", ".pub", ".gpg", ".pgp")) {
      if (fileName.endsWith(suffix) && fileName.length() > suffix.length()) {
        return fileName.substring(0, fileName.length() - suffix.length());
      }
    }
    return fileName;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isBlank());
  }

  private static String nameOf(Node purpose) {
    Node n = valueNode(purpose, NAME);
    return n instanceof ScalarNode s && !isNull(s) ? s.getValue().trim() : null;
  }

  private static Node valueNode(Node mapping, String key) {
    if (mapping instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return t.getValueNode();
        }
      }
    }
    return mapping;
  }
}
