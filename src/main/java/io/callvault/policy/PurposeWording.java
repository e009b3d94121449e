package io.callvault.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a purpose is described to people, per language ({@code fr}, {@code en}, ...): the {@code description} and the
 * {@code recipients-described} of {@code policies.yaml}. Used by the Art. 13 notice and the Art. 30 record; both are
 * optional in the file, and a purpose without them says nothing to people until they are added.
 *
 * @param description a short sentence per language, e.g. {@code en: "Coaching our agents"}
 * @param recipients who receives the copies, in words, per language (not key file names)
 */
public record PurposeWording(Map<String, String> description, Map<String, List<String>> recipients) {
  /** A purpose that describes itself in no language. */
  public static final PurposeWording NONE = new PurposeWording(Map.of(), Map.of());

  public PurposeWording {
    description = Map.copyOf(description == null ? Map.of() : description);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    (recipients == null ? Map.<String, List<String>>of() : recipients).forEach((k, v) -> copy.put(k, List.copyOf(v)));
    recipients = Map.copyOf(copy);
  }

  /** The description in {@code lang}, if the file has one. */
  public Optional<String> description(String lang) {
    return Optional.ofNullable(description.get(lang));
  }

  /** The recipients in {@code lang}, if the file names them in it. */
  public Optional<List<String>> recipients(String lang) {
    return Optional.ofNullable(recipients.get(lang));
  }
}
