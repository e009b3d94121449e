package io.callvault.source;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The PBX formats callvault reads, by the name a source's {@code format} parameter gives. Adding a format is
 * one {@link PbxFormat} class and one entry in {@link #standard}. A format is set up per source from its
 * {@code formatConfig} file (or its defaults), once.
 */
public final class PbxFormats {
  /** What a format is made from: the phone numbers rule and the source's settings. */
  public record Setup(PhoneNumbers numbers, FormatOptions options) {}

  /** One registered format: its name, its line in check-config, and how to make it. */
  public record Entry(String name, String description, Function<Setup, PbxFormat> factory) {}

  private final PhoneNumbers numbers;
  private final Map<String, Entry> byName = new LinkedHashMap<>();
  private final Map<String, PbxFormat> made = new ConcurrentHashMap<>();

  public PbxFormats(PhoneNumbers numbers, List<Entry> entries) {
    this.numbers = numbers;
    entries.forEach(e -> byName.put(e.name(), e));
  }

  /** Every format callvault ships. */
  public static PbxFormats standard(PhoneNumbers numbers) {
    return new PbxFormats(numbers, List.of(
        new Entry(FreePbxFormat.NAME, FreePbxFormat.DESCRIPTION, s -> new FreePbxFormat(s.numbers())),
        new Entry(AvayaFormat.NAME, AvayaFormat.DESCRIPTION, AvayaFormat::new),
        new Entry(SiprecFormat.NAME, SiprecFormat.DESCRIPTION, SiprecFormat::new),
        new Entry(ThreeCxFormat.NAME, ThreeCxFormat.DESCRIPTION, ThreeCxFormat::new),
        new Entry(OrekaFormat.NAME, OrekaFormat.DESCRIPTION, OrekaFormat::new),
        new Entry(GenericFormat.NAME, GenericFormat.DESCRIPTION, GenericFormat::new)));
  }

  /** The format called {@code name} with its default settings. */
  public PbxFormat get(String name) {
    return forSource(name, "");
  }

  /**
   * The format called {@code name}, set up from the YAML file {@code config} (empty: its defaults); made once
   * per name and file.
   *
   * @throws IllegalArgumentException naming the formats that exist, or what is wrong with the settings
   */
  public PbxFormat forSource(String name, String config) {
    Entry e = entry(name);
    String cfg = config == null ? "" : config.strip();
    return made.computeIfAbsent(name + "\n" + cfg, k -> e.factory().apply(new Setup(numbers,
        cfg.isEmpty() ? FormatOptions.DEFAULTS : FormatOptions.load(Path.of(cfg)))));
  }

  private Entry entry(String name) {
    Entry e = byName.get(name);
    if (e == null) {
      throw new IllegalArgumentException("unknown PBX format '" + name + "': use one of "
          + String.join(", ", byName.keySet()));
    }
    return e;
  }

  /** The registered formats, in registration order. */
  public List<Entry> entries() {
    return List.copyOf(byName.values());
  }

  /** The names a source's {@code format} parameter may give. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }
}
