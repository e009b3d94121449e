package io.callvault.config;

/**
 * One thing wrong with the configuration, said so that an operator can fix it.
 *
 * @param file the file, relative to the working directory where possible (config/policies.yaml)
 * @param where the key path ({@code purposes[1].retention}) or line ({@code line 12})
 * @param problem what is wrong
 * @param fix what to do about it
 */
public record ConfigProblem(String file, String where, String problem, String fix) {
  @Override
  public String toString() {
    return file + (where == null || where.isEmpty() ? "" : " [" + where + "]") + ": " + problem
        + (fix == null || fix.isEmpty() ? "" : "\n    fix: " + fix);
  }
}
