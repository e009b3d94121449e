package io.callvault.retention;

import java.util.List;
import java.util.Map;

/**
 * Erasures that another step started and could not finish (see {@code io.callvault.rights.Erasure}): copies
 * in state ERASE_PENDING, whose deletion S3 has not confirmed, and copies a legal hold kept from an erasure.
 * Every retention sweep retries them, before it looks for expired copies.
 */
@FunctionalInterface
public interface UnfinishedErasures {

  /** Nothing to retry: for a sweep without an erasure step. */
  UnfinishedErasures NONE = dryRun -> new Retried(Map.of(), List.of(), List.of());

  /** Retries the unfinished erasures that no hold covers now; a dry run only counts them and changes nothing. */
  Retried retry(boolean dryRun);

  /**
   * What a retry achieved.
   *
   * @param erased purpose to copies now confirmed erased (in a dry run: copies that would be retried)
   * @param stillPending one line per copy still not confirmed erased, with what the check found
   * @param notes facts worth knowing that are not errors (copies a hold keeps from their erasure)
   */
  record Retried(Map<String, Long> erased, List<String> stillPending, List<String> notes) {
    public Retried {
      erased = Map.copyOf(erased);
      stillPending = List.copyOf(stillPending);
      notes = List.copyOf(notes);
    }
  }
}
