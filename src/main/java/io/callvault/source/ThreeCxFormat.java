package io.callvault.source;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 3CX: one folder per extension ({@code <extension>/}), recordings named
 * {@code [<display name>]_<from>-<to>_<yyyyMMddHHmmss>(<call id>).wav}, for example
 * {@code 201/[Jane Doe]_201-0114627554_20190219120918(380).wav}: the display name in brackets (it may hold
 * spaces, brackets, parentheses and any Unicode; it is personal data and ignored), the calling and the called
 * party, the start in the PBX's local time, and 3CX's call id. The name is read from its end, so the display
 * name can hold anything. The folder names the agent; the call id with the start and folder is the unique id.
 * No sidecar, no CDR file.
 */
public final class ThreeCxFormat implements PbxFormat {
  public static final String NAME = "3cx";
  static final String DESCRIPTION = "3CX: <extension>/[Name]_<from>-<to>_<yyyyMMddHHmmss>(<call id>).wav"
      + " (names with spaces, brackets, parentheses and Unicode)";
  private static final Pattern TAIL = Pattern.compile("_(\\d{14})\\((\\d{1,12})\\)$");
  static final String PATTERN_TEXT = "[<name>]_<from>-<to>_<yyyyMMddHHmmss>(<call id>).wav";

  private final MetadataRecording recordings;

  public ThreeCxFormat(PbxFormats.Setup setup) {
    FormatOptions options = setup.options().over(new FormatOptions("defaults", Map.of("start-format",
        "yyyyMMddHHmmss")));
    this.recordings = new MetadataRecording(setup.numbers(), options);
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
    return DropKind.RECORDING;
  }

  @Override
  public CallIndex readCdr(InputStream in) {
    return CallIndex.EMPTY;
  }

  @Override
  public Recording identify(Identification f) throws UnidentifiableRecordingException {
    return recordings.build(f.sourceId(), f.relativePath(), f.pbxZone(), fields(f.relativePath()));
  }

  /** What a 3CX file name (and its folder) says. */
  static CallFields fields(String relativePath) throws UnidentifiableRecordingException {
    int slash = relativePath.lastIndexOf('/');
    String name = relativePath.substring(slash + 1);
    String folder = slash < 0 ? "" : relativePath.substring(relativePath.lastIndexOf('/', slash - 1) + 1, slash);
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    Matcher tail = TAIL.matcher(base);
    int close = base.lastIndexOf("]_");
    if (!base.startsWith("[") || !tail.find() || close < 0 || close + 2 > tail.start()) {
      throw new UnidentifiableRecordingException("file name does not match the 3CX pattern " + PATTERN_TEXT);
    }
    String parties = base.substring(close + 2, tail.start());
    int dash = parties.indexOf('-', parties.startsWith("+") ? 1 : 0);
    if (dash <= 0 || dash == parties.length() - 1) {
      throw new UnidentifiableRecordingException("3CX file name without <from>-<to> parties: " + PATTERN_TEXT);
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put(CallFields.CALL_REFERENCE, (folder.isEmpty() ? "" : folder + "/") + tail.group(1) + "(" + tail.group(2) + ")");
    f.put(CallFields.START, tail.group(1));
    f.put(CallFields.CALLER_NUMBER, parties.substring(0, dash));
    f.put(CallFields.CALLEE_NUMBER, parties.substring(dash + 1));
    f.put(CallFields.CALLER_NAME, base.substring(1, close));
    f.put(CallFields.AGENT, folder);
    return new CallFields(f);
  }
}
