package io.callvault.camel;

import io.callvault.catalog.SubjectKeys;
import io.callvault.ingest.Redaction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a quarantined drop file (and its sidecars) to the drop's {@code .quarantine/}, keeping its path, and writes
 * its reason file; never throws, so that Camel never logs the file's name. A name the server cannot extend (a
 * 255-byte name plus {@code .reason.txt}) gets its reason file under its ref, {@code <ref>.reason.txt}, naming the
 * file; a reason file that cannot be written at all is logged once, and the reason stays in the catalog's
 * quarantine list. A file that cannot even be moved stays in the drop, logged once: each poll then retries the move
 * alone (see {@link #retryStuck}), the file is not processed again.
 */
final class QuarantineMoves {
  /** The longest file name (bytes) of common file systems (ext4, XFS, ZFS, NTFS in UTF-16 units). */
  static final int NAME_MAX = 255;
  private static final Logger LOG = LoggerFactory.getLogger(QuarantineMoves.class);

  private final SubjectKeys refKeys;
  /** Refs of files whose move failed, with the reason they were quarantined for. */
  private final Map<String, String> stuck = new ConcurrentHashMap<>();
  private final Set<String> reasonNotWritten = ConcurrentHashMap.newKeySet();

  QuarantineMoves(SubjectKeys refKeys) {
    this.refKeys = refKeys;
  }

  /**
   * True when the file moved; false (logged once) when it stays in the drop. {@code sidecars} (paths below the drop
   * directory, from the source's format) go to quarantine with it.
   */
  boolean move(GenericFileOperations<Object> ops, GenericFile<Object> file, String ref, String reason,
      java.util.Collection<String> sidecars) {
    String target;
    try {
      target = target(ops, file, ref);
      if (!ops.renameFile(file.getAbsoluteFilePath(), target)) {
        throw new IllegalStateException("the server refused the rename");
      }
    } catch (RuntimeException e) {
      if (stuck.put(ref, reason) == null) {
        LOG.warn("file {} is quarantined ({}) but could not be moved to {} ({}); it stays in the drop, is not processed"
            + " again, and each poll retries the move", ref, reason, DropFiles.QUARANTINE_DIR, Redaction.reason(e));
      }
      return false;
    }
    stuck.remove(ref);
    moveSidecars(ops, file, sidecars);
    writeReason(ops, file, target, ref, reason);
    LOG.warn("file {} moved to {}", ref, DropFiles.QUARANTINE_DIR);
    return true;
  }

  /**
   * A file whose move to quarantine failed before: the move is tried again (quietly) instead of processing it.
   * True when the file was such a file (whether it moved now or not).
   */
  boolean retryStuck(GenericFileOperations<Object> ops, Exchange exchange, GenericFile<Object> file) {
    if (stuck.isEmpty()) {
      return false;
    }
    String ref = DropFiles.ref(refKeys, DropFiles.sourceId(exchange), file);
    String reason = stuck.get(ref);
    if (reason == null) {
      return false;
    }
    move(ops, file, ref, reason, java.util.Set.of());
    return true;
  }

  private static String target(GenericFileOperations<Object> ops, GenericFile<Object> file, String ref) {
    String target = DropFiles.quarantinePath(file);
    int slash = target.lastIndexOf('/');
    if (slash > 0) {
      ops.buildDirectory(target.substring(0, slash), target.startsWith("/"));
    }
    if (ops.existsFile(target)) {
      String again = target + "." + System.currentTimeMillis();
      // a name already at the limit: the second copy is named by its ref (its reason file names the file)
      target = fits(again) ? again : target.substring(0, slash + 1) + ref + "." + System.currentTimeMillis();
    }
    return target;
  }

  private static void moveSidecars(GenericFileOperations<Object> ops, GenericFile<Object> file,
      java.util.Collection<String> sidecars) {
    for (String rel : sidecars) {
      try {
        String from = DropFiles.inDrop(file, rel);
        String target = DropFiles.quarantinePath(file, rel);
        if (!ops.existsFile(from)) {
          continue;
        }
        int slash = target.lastIndexOf('/');
        if (slash > 0) {
          ops.buildDirectory(target.substring(0, slash), target.startsWith("/"));
        }
        if (ops.existsFile(target)) {
          target = target + "." + System.currentTimeMillis();
        }
        if (fits(target)) {
          ops.renameFile(from, target);
        }
      } catch (RuntimeException e) {
        LOG.debug("a sidecar stays in the drop: {}", Redaction.reason(e));
      }
    }
  }

  /** {@code <target>.reason.txt}, or {@code <ref>.reason.txt} beside it when that name is too long or refused. */
  private void writeReason(GenericFileOperations<Object> ops, GenericFile<Object> file, String target, String ref,
      String reason) {
    String text = "callvault quarantined this file (ref " + ref + ").\nreason: " + reason + "\n"
        + "To retry, fix the cause and move the file back into the drop, to the same path: it then gets its"
        + " full number of attempts again.\n";
    String byName = target + DropFiles.REASON_SUFFIX;
    String byRef = target.substring(0, target.lastIndexOf('/') + 1) + ref + DropFiles.REASON_SUFFIX;
    String named = "file: " + target.substring(target.lastIndexOf('/') + 1) + "\n"
        + "(this reason file is named by the file's ref: the file's own name is too long to add "
        + DropFiles.REASON_SUFFIX + " to it)\n";
    String failure = null;
    for (String[] attempt : fits(byName) ? new String[][] {{byName, text}, {byRef, named + text}}
        : new String[][] {{byRef, named + text}}) {
      try {
        if (ops.storeFileDirectly(attempt[0], attempt[1])) {
          return;
        }
        failure = "the server refused it";
      } catch (RuntimeException e) {
        failure = Redaction.reason(e);
      }
    }
    if (reasonNotWritten.add(ref)) {
      LOG.warn("file {} is in {} but its reason file could not be written ({}); the reason is in the catalog's"
          + " quarantine list: {}", ref, DropFiles.QUARANTINE_DIR, failure, reason);
    }
  }

  /** Whether the last component of {@code path} fits {@link #NAME_MAX} bytes. */
  static boolean fits(String path) {
    return path.substring(path.lastIndexOf('/') + 1).getBytes(StandardCharsets.UTF_8).length <= NAME_MAX;
  }
}
