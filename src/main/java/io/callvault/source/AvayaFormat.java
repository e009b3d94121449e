package io.callvault.source;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Avaya recorders that write a WAV file and a metadata file per call: IP Office ContactStore and Media Manager
 * ({@code .wav} in G.726 16 kbit/s with an {@code .xml} of the call's details alongside), Avaya Contact Recorder
 * and WFO exports. Layouts vary by site and release, so every field is mapped in the source's
 * {@code formatConfig}: {@code sidecar: xml} (default) with XPath 1.0 expressions, or {@code sidecar: csv} with
 * column names, under {@code fields.<field>}. Without fields in a formatConfig (or without one),
 * {@link #DEFAULT_MAPPING} applies (the layout of {@code config/formats/avaya-contactstore.yaml}).
 */
public final class AvayaFormat extends SidecarFormat {
  public static final String NAME = "avaya";
  static final String DESCRIPTION = "Avaya IP Office ContactStore / Media Manager, Contact Recorder, WFO: WAV"
      + " (G.726 decoded for masking) + XML or CSV sidecar per call, fields mapped by XPath or column in formatConfig";

  /** The documented default mapping (an IP Office ContactStore call-details file). */
  public static final Map<String, String> DEFAULT_MAPPING = defaults();

  private final FieldMap fields;

  public AvayaFormat(PbxFormats.Setup setup) {
    this(setup, resolved(setup.options()));
  }

  /** A site's mapping replaces the default one as a whole; a formatConfig without fields keeps the defaults. */
  private static FormatOptions resolved(FormatOptions site) {
    return site.section("fields").isEmpty() ? site.over(new FormatOptions("defaults", DEFAULT_MAPPING)) : site;
  }

  private AvayaFormat(PbxFormats.Setup setup, FormatOptions options) {
    super(setup, options, sidecarKind(options).name().toLowerCase(java.util.Locale.ROOT));
    this.fields = new FieldMap(sidecarKind(options), options, CallFields.NAMES);
  }

  private static Map<String, String> defaults() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("sidecar", "xml");
    m.put("audio-extensions", "wav");
    m.put("start-format", "iso");
    m.put("directions.Incoming", "inbound");
    m.put("directions.Outgoing", "outbound");
    m.put("fields.call-reference", "/Recording/RecordingReference");
    m.put("fields.start", "/Recording/StartTime");
    m.put("fields.duration", "/Recording/Duration");
    m.put("fields.direction", "/Recording/Direction");
    m.put("fields.caller-number", "/Recording/Parties/Party[@role='caller']/Number");
    m.put("fields.caller-name", "/Recording/Parties/Party[@role='caller']/Name");
    m.put("fields.callee-number", "/Recording/Parties/Party[@role='called']/Number");
    m.put("fields.callee-name", "/Recording/Parties/Party[@role='called']/Name");
    m.put("fields.agent", "/Recording/Owner");
    m.put("fields.queue", "/Recording/HuntGroup");
    m.put("fields.case-id", "/Recording/AccountCode");
    return Map.copyOf(m);
  }

  private static FieldMap.Kind sidecarKind(FormatOptions options) {
    String s = options.get("sidecar", "xml");
    return switch (s) {
      case "xml" -> FieldMap.Kind.XML;
      case "csv" -> FieldMap.Kind.CSV;
      default -> throw new FormatOptions.FormatConfigException(options.origin() + ": sidecar '" + s
          + "' is not xml or csv");
    };
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
  public CallFields readSidecar(String relativePath, byte[] content) throws UnidentifiableRecordingException {
    return fields.read(content);
  }
}
