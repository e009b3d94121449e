package io.callvault.camel;

import java.time.Clock;
import io.callvault.ingest.CdrCache;
import java.time.Duration;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Decides which drop files to claim: finished recordings only (unchanged for {@code minAge}, since
 * Asterisk fills in WAV header sizes when it closes the file), the drop's call records (CDR, by the source's
 * format) only when they changed, and never the quarantine directory. Entries that are not regular files (symbolic links, FIFOs...) are
 * passed on at once, to be quarantined unopened by {@link DropProcessStrategy}. While a dependency the ingest
 * needs is down (S3, the catalog), nothing but the CDR is claimed: files wait in the drop, and no failure is
 * counted against them.
 */
public final class DropFilter implements GenericFileFilter<Object> {
  private final Duration minAge;
  private final CdrCache cdrCache;
  private final Clock clock;
  private final java.util.function.BooleanSupplier dependenciesUp;
  private final DropSources sources;

  private DropPolls polls;

  DropFilter(Duration minAge, CdrCache cdrCache, Clock clock, java.util.function.BooleanSupplier dependenciesUp,
      DropSources sources) {
    this.minAge = minAge;
    this.cdrCache = cdrCache;
    this.clock = clock;
    this.dependenciesUp = dependenciesUp;
    this.sources = sources;
  }

  /** Tells {@code polls} of each waiting file listed (metrics: the oldest one's age). */
  DropFilter reportingTo(DropPolls polls) {
    this.polls = polls;
    return this;
  }

  @Override
  public boolean accept(GenericFile<Object> file) {
    String name = file.getFileNameOnly();
    if (file.isDirectory()) {
      return !DropFiles.QUARANTINE_DIR.equals(name);
    }
    String rel = file.getRelativeFilePath();
    if (rel.startsWith(DropFiles.QUARANTINE_DIR + "/") || name.endsWith(DropFiles.REASON_SUFFIX) || name.startsWith(".")) {
      return false;
    }
    boolean cdr = DropFiles.kind(sources.formatOf(file), file) == io.callvault.source.PbxFormat.DropKind.CDR;
    if (cdr && DropFiles.notRegular(file) == null) {
      // Asterisk appends to Master.csv all day: no minimum age (a partial last line is skipped)
      return cdrCache.isStale(DropFiles.dropKey(file), file.getFileLength(), file.getLastModified());
    }
    if (polls != null) {
      polls.listed(file.getLastModified()); // a recording (or its sidecar) waiting in the drop
    }
    if (!dependenciesUp.getAsBoolean()) {
      return false; // S3 or the catalog is down: the file waits, uncounted (Dependencies logged it once)
    }
    if (DropFiles.notRegular(file) != null || io.callvault.ingest.DropNames.unsafe(rel) != null) {
      return true; // a link, a special file, a name that leaves the drop: DropProcessStrategy.begin refuses it, at once
    }
    if (clock.millis() - file.getLastModified() < minAge.toMillis()) {
      return false;
    }
    return true;
  }
}
