package io.callvault.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Any recorder that is not listed: the call's fields from a regular expression with named groups on the file
 * name ({@code name-pattern}; groups {@code reference}, {@code start}, {@code duration}, {@code direction},
 * {@code caller}, {@code callee}, {@code agent}, {@code queue}, {@code case}), and/or from a sidecar next to the
 * audio ({@code sidecar: json} with JSON Pointers or {@code sidecar: xml} with XPath 1.0 under
 * {@code fields.<field>}; {@code sidecar-extension} when it is not {@code .json}/{@code .xml}). The sidecar's
 * fields win over the name's. With a sidecar configured, a recording waits for it.
 */
public final class GenericFormat extends SidecarFormat {
  public static final String NAME = "generic";
  static final String DESCRIPTION = "any recorder: a regex with named groups on the file name and/or a JSON or XML"
      + " sidecar with a JSON-Pointer / XPath field map (formatConfig required)";
  private static final Map<String, String> GROUPS = Map.of("reference", CallFields.CALL_REFERENCE, "start",
      CallFields.START, "duration", CallFields.DURATION, "direction", CallFields.DIRECTION, "caller",
      CallFields.CALLER_NUMBER, "callee", CallFields.CALLEE_NUMBER, "agent", CallFields.AGENT, "queue",
      CallFields.QUEUE, "case", CallFields.CASE_ID);

  private final Pattern namePattern;
  private final FieldMap sidecar;

  public GenericFormat(PbxFormats.Setup setup) {
    super(setup, setup.options(), sidecarExtension(setup.options()));
    FormatOptions o = setup.options();
    this.namePattern = namePattern(o);
    String kind = o.get("sidecar", "none");
    this.sidecar = kind.equals("none") ? null
        : new FieldMap(kind.equals("json") ? FieldMap.Kind.JSON : FieldMap.Kind.XML, o, CallFields.NAMES);
    if (namePattern == null && sidecar == null) {
      throw new FormatOptions.FormatConfigException(o.origin() + ": the generic format needs name-pattern (a regex"
          + " with named groups) and/or sidecar: json|xml with fields.<field>; set formatConfig to such a file");
    }
  }

  private static String sidecarExtension(FormatOptions o) {
    String kind = o.get("sidecar", "none");
    if (!List.of("none", "json", "xml").contains(kind)) {
      throw new FormatOptions.FormatConfigException(o.origin() + ": sidecar '" + kind + "' is not none, json or xml");
    }
    return o.get("sidecar-extension", kind.equals("none") ? "" : kind).replaceFirst("^\\.", "");
  }

  private static Pattern namePattern(FormatOptions o) {
    String regex = o.get("name-pattern", "");
    if (regex.isEmpty()) {
      return null;
    }
    try {
      Pattern p = Pattern.compile(regex);
      for (String group : groups(p)) {
        if (!GROUPS.containsKey(group)) {
          throw new FormatOptions.FormatConfigException(o.origin() + ": name-pattern has a group '" + group
              + "'; name groups " + String.join(", ", GROUPS.keySet()));
        }
      }
      return p;
    } catch (PatternSyntaxException e) {
      throw new FormatOptions.FormatConfigException(o.origin() + ": name-pattern is not a regular expression: "
          + e.getDescription());
    }
  }

  private static final Pattern GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

  /** The named groups of a pattern (Pattern.namedGroups is public only from Java 20). */
  private static List<String> groups(Pattern p) {
    List<String> names = new java.util.ArrayList<>();
    Matcher m = GROUP.matcher(p.pattern());
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return DESCRIPTION;
  }

  @Override
  public DropKind kind(String relativePath) {
    return sidecar == null ? DropKind.RECORDING : super.kind(relativePath);
  }

  @Override
  public boolean needsSidecar() {
    return sidecar != null;
  }

  @Override
  public List<String> sidecarPaths(String recordingPath) {
    return sidecar == null ? List.of() : super.sidecarPaths(recordingPath);
  }

  @Override
  public CallFields readSidecar(String relativePath, byte[] content) throws UnidentifiableRecordingException {
    return sidecar == null ? CallFields.EMPTY : sidecar.read(content);
  }

  @Override
  public Recording identify(Identification f) throws UnidentifiableRecordingException {
    if (sidecar != null && f.sidecar().isEmpty()) {
      throw new MetadataPendingException("its sidecar has not arrived");
    }
    CallFields fields = f.sidecar().orElse(fromName(f.relativePath()));
    return super.identify(new Identification(f.sourceId(), f.relativePath(), f.pbxZone(), f.cdrs(), fields,
        f.keyedDigest()));
  }

  private CallFields fromName(String relativePath) throws UnidentifiableRecordingException {
    if (namePattern == null) {
      return CallFields.EMPTY;
    }
    Matcher m = namePattern.matcher(relativePath.substring(relativePath.lastIndexOf('/') + 1));
    if (!m.matches()) {
      throw new UnidentifiableRecordingException("file name does not match the source's name-pattern");
    }
    Map<String, String> out = new LinkedHashMap<>();
    groups(namePattern).forEach(g -> out.put(GROUPS.get(g), m.group(g)));
    return new CallFields(out);
  }
}
