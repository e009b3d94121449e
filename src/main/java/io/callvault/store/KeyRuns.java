package io.callvault.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Splits keys into runs that one S3 listing can check at once, and the rest, checked one key at a time.
 *
 * <p>A run is a range of keys under one prefix: keys of one "directory" (up to the last {@code /}), under the
 * longest prefix they share. A range that straddles a boundary of that prefix (the keys fall under only
 * {@value #MAX_CHILDREN_TO_SPLIT} next characters, as consecutive ids {@code …0fff}, {@code …1000} do) is
 * split into one run per side, each under a longer prefix: the listing then walks less of what else the
 * bucket holds (S3 itself starts a listing at {@code start-after}, but some servers, S3Proxy's filesystem store
 * for one, read everything under the prefix). Runs of fewer than {@code minRun} keys are not listed.
 *
 * <p>Keys with a character at or above U+D800 are never put in a run: for the others, Java's string order is
 * S3's order (UTF-8 binary), which the coverage of a listing relies on.
 */
final class KeyRuns {

    /** A prefix whose keys fall under this many next characters or fewer is split at that character. */
    static final int MAX_CHILDREN_TO_SPLIT = 2;

    /**
     * Keys to check with one listing: {@code prefix} is what they all start with, {@code startAfter} (null:
     * none) sorts just before the first of them, {@code keys} are sorted.
     */
    record Run(String prefix, String startAfter, List<String> keys) {
        Run {
            keys = List.copyOf(keys);
        }

        String first() {
            return keys.get(0);
        }

        String last() {
            return keys.get(keys.size() - 1);
        }
    }

    /** The runs, and the keys to check one by one. */
    record Plan(List<Run> runs, List<String> singles) {}

    private KeyRuns() {}

    /** Plans the checks of {@code keys} (duplicates ignored): runs of at least {@code minRun} keys, the rest single. */
    static Plan plan(List<String> keys, int minRun) {
        List<Run> runs = new ArrayList<>();
        List<String> singles = new ArrayList<>();
        Map<String, List<String>> byDirectory = new LinkedHashMap<>();
        for (String key : new TreeSet<>(keys)) {
            if (sortsAsInS3(key)) {
                byDirectory.computeIfAbsent(key.substring(0, key.lastIndexOf('/') + 1), d -> new ArrayList<>()).add(key);
            } else {
                singles.add(key);
            }
        }
        for (List<String> sorted : byDirectory.values()) {
            split(sorted, Math.max(1, minRun), runs, singles);
        }
        return new Plan(runs, singles);
    }

    private static void split(List<String> sorted, int minRun, List<Run> runs, List<String> singles) {
        if (sorted.size() < minRun) {
            singles.addAll(sorted);
            return;
        }
        String prefix = commonPrefix(sorted.get(0), sorted.get(sorted.size() - 1));
        List<List<String>> children = byNextChar(sorted, prefix.length());
        if (children.size() > 1 && children.size() <= MAX_CHILDREN_TO_SPLIT) {
            children.forEach(child -> split(child, minRun, runs, singles));
            return;
        }
        runs.add(new Run(prefix, startAfter(sorted.get(0)), sorted));
    }

    /** Consecutive groups of {@code sorted} by the character at {@code at} (a key that ends there is a group). */
    private static List<List<String>> byNextChar(List<String> sorted, int at) {
        List<List<String>> out = new ArrayList<>();
        int groupChar = -2;
        for (String key : sorted) {
            int c = key.length() > at ? key.charAt(at) : -1;
            if (c != groupChar) {
                out.add(new ArrayList<>());
                groupChar = c;
            }
            out.get(out.size() - 1).add(key);
        }
        return out;
    }

    /** A string sorting before {@code first} with as little as possible between them; null for none. */
    private static String startAfter(String first) {
        return first.length() <= 1 ? null : first.substring(0, first.length() - 1);
    }

    static String commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return a.substring(0, i);
    }

    /** Below U+D800, UTF-16 order (Java's) and UTF-8 binary order (S3's) agree. */
    private static boolean sortsAsInS3(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) >= 0xD800) {
                return false;
            }
        }
        return true;
    }
}
