package io.callvault.camel;

import io.callvault.source.PbxFormat;
import java.util.Comparator;
import org.apache.camel.component.file.GenericFile;

/**
 * Processes a drop's call records first, then the recordings' sidecars, then recordings in name order (by the
 * source's format), so that a recording listed with its metadata pairs with it in the same poll.
 */
final class DropSorter implements Comparator<GenericFile<Object>> {
  private final DropSources sources;

  DropSorter(DropSources sources) {
    this.sources = sources;
  }

  @Override
  public int compare(GenericFile<Object> a, GenericFile<Object> b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return a.getRelativeFilePath().compareTo(b.getRelativeFilePath());
  }

  private int rank(GenericFile<Object> f) {
    PbxFormat.DropKind kind = DropFiles.kind(sources.formatOf(f), f);
    return kind == PbxFormat.DropKind.CDR ? 0 : kind == PbxFormat.DropKind.SIDECAR ? 1 : 2;
  }
}
