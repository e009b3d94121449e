package io.callvault.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PBX formats callvault reads, by the name a source's {@code format} parameter gives. Adding a format is
 * one {@link PbxFormat} class and one entry in {@link #standard}.
 */
public final class PbxFormats {
  private final Map<String, PbxFormat> byName = new LinkedHashMap<>();

  public PbxFormats(List<PbxFormat> formats) {
    formats.forEach(f -> byName.put(f.name(), f));
  }

  /** Every format callvault ships. */
  public static PbxFormats standard(PhoneNumbers numbers) {
    return new PbxFormats(List.of(new FreePbxFormat(numbers)));
  }

  /**
   * The format called {@code name}.
   *
   * @throws IllegalArgumentException naming the formats that exist
   */
  public PbxFormat get(String name) {
    PbxFormat f = byName.get(name);
    if (f == null) {
      throw new IllegalArgumentException("unknown PBX format '" + name + "': use one of " + String.join(", ", byName.keySet()));
    }
    return f;
  }

  /** The formats, in registration order. */
  public List<PbxFormat> all() {
    return List.copyOf(byName.values());
  }
}
