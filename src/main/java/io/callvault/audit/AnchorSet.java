package io.callvault.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The anchors found outside the database, read before a verification: those whose signature verifies with a
 * trusted key, by sequence number, and those rejected (unreadable, unsigned, forged or signed by an unknown
 * key), each with the reason. Anchors are few (one per schedule tick and erasure), so they are all held.
 */
public final class AnchorSet {

  /** No anchors, nowhere searched: a chain-only verification. */
  public static final AnchorSet NONE = new AnchorSet(List.of(), List.of(), List.of());

  private final TreeMap<Long, List<Anchor>> bySeq = new TreeMap<>();
  private final List<String> rejected;
  private final List<String> places;
  private final int size;

  AnchorSet(List<Anchor> trusted, List<String> rejected, List<String> places) {
    for (Anchor a : trusted) {
      bySeq.computeIfAbsent(a.seq(), k -> new ArrayList<>()).add(a);
    }
    bySeq.values().forEach(l -> l.sort(Comparator.comparing(Anchor::at)));
    this.rejected = List.copyOf(rejected);
    this.places = List.copyOf(places);
    this.size = trusted.size();
  }

  /** Number of trusted anchors. */
  public int size() {
    return size;
  }

  /** The trusted anchors of entry {@code seq}, oldest first; empty when none. */
  List<Anchor> at(long seq) {
    return bySeq.getOrDefault(seq, List.of());
  }

  /** The trusted anchor of the highest entry (the last signed among equals), or null. */
  Anchor latest() {
    Map.Entry<Long, List<Anchor>> last = bySeq.lastEntry();
    return last == null ? null : last.getValue().get(last.getValue().size() - 1);
  }

  /** Every anchor that could not be trusted, as "where: why". */
  public List<String> rejected() {
    return rejected;
  }

  /** Where anchors were searched (directories, s3://bucket/prefix). */
  public List<String> places() {
    return places;
  }
}
