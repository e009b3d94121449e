package io.callvault.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Anchors as small JSON files in one directory: created {@code rw-------} in a {@code rwx------} directory,
 * written to a temporary name, synced, then linked to their final name, which fails rather than replace an
 * existing file. A crash leaves at most a temporary file (ignored), never a half-written anchor.
 */
public final class DirectoryAnchorSink implements AnchorSink {

  private final Path dir;

  public DirectoryAnchorSink(Path dir) {
    this.dir = dir;
  }

  @Override
  public String place() {
    return dir.toString();
  }

  @Override
  public String write(String fileName, byte[] json) {
    Path target = dir.resolve(fileName);
    Path tmp = dir.resolve("." + fileName + "." + UUID.randomUUID() + ".tmp");
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, AnchorKeys.permissions("rwx------"));
      }
      try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          AnchorKeys.permissions("rw-------"))) {
        ch.write(ByteBuffer.wrap(json));
        ch.force(true);
      }
      link(target, tmp);
      syncDirectory();
      return target.toString();
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("anchor " + target + " exists already; anchors are never overwritten", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write anchor " + target + ": " + e.getMessage()
          + " (check that " + dir + " exists and callvault may write there)", e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a stray temporary file is ignored by readAll
      }
    }
  }

  /** Gives the file its final name without ever replacing one: a hard link, or a plain move where links fail. */
  private static void link(Path target, Path tmp) throws IOException {
    try {
      Files.createLink(target, tmp);
    } catch (UnsupportedOperationException e) {
      Files.move(tmp, target);
    }
  }

  private void syncDirectory() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      // not every platform can sync a directory; the file itself is synced
    }
  }

  @Override
  public List<Stored> readAll() {
    List<Stored> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        if (Anchor.isAnchorName(f.getFileName().toString())) {
          out.add(read(f));
        }
      }
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the anchors in " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static Stored read(Path f) {
    try (InputStream in = Files.newInputStream(f)) {
      return Stored.of(f.toString(), in.readNBytes(Anchor.MAX_BYTES + 1));
    } catch (IOException e) {
      return Stored.failed(f.toString(), "cannot read: " + e.getMessage());
    }
  }
}
