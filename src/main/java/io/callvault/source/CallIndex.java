package io.callvault.source;

/**
 * What a drop-wide metadata file tells about the calls of a drop (Asterisk's {@code Master.csv}, an Oreka CSV
 * export): read by the drop's format, kept per drop, handed back to the same format when it identifies a
 * recording. Each format reads its own kind; the others see an empty one.
 */
public interface CallIndex {
  /** Rows read. */
  long rows();

  /** Lines skipped because they could not be read (a count, never their content). */
  int malformedCount();

  /** Line numbers of the rows skipped (never their content); empty when the format does not track them. */
  default java.util.List<Long> malformedLines() {
    return java.util.List.of();
  }

  /** The line of a skipped row that names this uniqueid, when the format can tell. */
  default java.util.Optional<Long> malformedLineOf(String uniqueId) {
    return java.util.Optional.empty();
  }

  /** How many rows were skipped for each reason. */
  default java.util.Map<String, Integer> malformedReasons() {
    return java.util.Map.of();
  }

  /** The index of a drop without such a file (yet). */
  CallIndex EMPTY = new CallIndex() {
    @Override
    public long rows() {
      return 0;
    }

    @Override
    public int malformedCount() {
      return 0;
    }
  };
}
