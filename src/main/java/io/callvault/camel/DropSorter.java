package io.callvault.camel;

import java.util.Comparator;
import org.apache.camel.component.file.GenericFile;

/** Processes a drop's CDR file before its recordings, then recordings in name order. */
public final class DropSorter implements Comparator<GenericFile<Object>> {
  @Override
  public int compare(GenericFile<Object> a, GenericFile<Object> b) {
    boolean ca = DropFiles.isCdr(a);
    boolean cb = DropFiles.isCdr(b);
    if (ca != cb) {
      return ca ? -1 : 1;
    }
    return a.getRelativeFilePath().compareTo(b.getRelativeFilePath());
  }
}
