package io.callvault.policy;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" help for misspelt keys, values and placeholders. */
final class Suggest {
  private Suggest() {}

  /** The candidate closest to {@code input}, if it is close enough to be a plausible typo. */
  static Optional<String> closest(String input, Collection<String> candidates) {
    String in = normalise(input);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(in, normalise(candidate));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    int allowed = Math.max(2, normalise(best).length() / 3);
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** camelCase, snake_case and spaces all become kebab-case, lower case. */
  private static String normalise(String s) {
    return s.trim()
        .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
        .toLowerCase(Locale.ROOT)
        .replace('_', '-')
        .replace(' ', '-');
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
