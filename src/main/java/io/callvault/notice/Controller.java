package io.callvault.notice;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import io.callvault.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who records and whom people write to, from {@code application.properties}: {@code callvault.controller.name},
 * {@code callvault.controller.contact}, {@code callvault.dpo.contact} (all required for a notice) and
 * {@code callvault.supervisory-authority} (optional: otherwise the notice names the authority in general terms).
 *
 * @param name the controller, e.g. "Example Bank SA"
 * @param contact its address or contact point
 * @param dpoContact where people exercise their rights (the DPO's address or e-mail)
 * @param authority the supervisory authority people may complain to, if configured
 */
public record Controller(String name, String contact, String dpoContact, Optional<String> authority) {
  public static final String NAME = "callvault.controller.name";
  public static final String CONTACT = "callvault.controller.contact";
  public static final String DPO_CONTACT = "callvault.dpo.contact";
  public static final String AUTHORITY = "callvault.supervisory-authority";

  /** The controller of {@code settings}; a missing key is a problem naming it. */
  public static Controller from(Settings settings) {
    List<ConfigProblem> problems = new ArrayList<>();
    String name = required(settings, NAME, "Example Bank SA", problems);
    String contact = required(settings, CONTACT, "1 rue de l'Exemple, 75001 Paris", problems);
    String dpo = required(settings, DPO_CONTACT, "dpo@example.com", problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Controller(name, contact, dpo, settings.get(AUTHORITY).map(String::strip).filter(s -> !s.isEmpty()));
  }

  private static String required(Settings settings, String key, String example, List<ConfigProblem> problems) {
    String value = settings.get(key, "").strip();
    if (value.isEmpty()) {
      problems.add(new ConfigProblem(settings.fileName(), key, "not set: notices and the record of processing must"
          + " say who records and whom people write to", "add " + key + "=" + example));
    }
    return value;
  }
}
