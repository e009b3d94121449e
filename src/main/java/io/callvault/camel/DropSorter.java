package io.callvault.camel;

import java.util.Comparator;
import org.apache.camel.component.file.GenericFile;

/** Processes a drop's CDR file first, then the recordings' sidecars, then recordings in name order. */
public final class DropSorter implements Comparator<GenericFile<Object>> {
  @Override
  public int compare(GenericFile<Object> a, GenericFile<Object> b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return a.getRelativeFilePath().compareTo(b.getRelativeFilePath());
  }

  private static int rank(GenericFile<Object> f) {
    return DropFiles.isCdr(f) ? 0 : DropFiles.isSidecar(f) ? 1 : 2;
  }
}
