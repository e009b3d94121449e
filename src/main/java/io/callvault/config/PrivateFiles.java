package io.callvault.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Files and folders only the hub's own account may read: folders 0700, files 0600. The catalog, the demo's
 * settings, the subject secret and key material are made through here, whatever the process's umask.
 * On a file system without POSIX permissions these are plain creates.
 */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private PrivateFiles() {
  }

  /**
   * Creates {@code dir} and any missing parents, each one it creates 0700. Folders that exist are left as they
   * are (they may be shared, such as {@code /tmp}); the files made in them are 0600.
   */
  public static Path directories(Path dir) throws IOException {
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
      missing.push(p);
    }
    for (Path p : missing) {
      try {
        if (POSIX) {
          Files.createDirectory(p, attribute(DIR));
        } else {
          Files.createDirectory(p);
        }
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          throw e;
        }
        // made a moment ago by another thread (two consumers of a drop writing their first ciphertext at once)
      }
    }
    return dir;
  }

  /** Writes {@code text} (UTF-8) to a file that is 0600 before any byte is written; replaces an existing file. */
  public static Path writeString(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Path tmp = parent.resolve("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (POSIX) {
      Files.createFile(tmp, attribute(FILE));
    } else {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /** Makes an existing folder 0700 or file 0600 (files another program created, such as H2's). */
  public static void restrict(Path path) throws IOException {
    if (POSIX && Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
        && !Files.isSymbolicLink(path)) {
      Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIR : FILE);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> perms) {
    return PosixFilePermissions.asFileAttribute(perms);
  }
}
