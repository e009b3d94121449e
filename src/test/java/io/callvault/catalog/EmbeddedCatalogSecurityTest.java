package io.callvault.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zero-setup H2 catalog as an attacker on the network or another local account meets it. */
class EmbeddedCatalogSecurityTest {
  @TempDir Path dir;

  @Test
  void openingTheDefaultCatalogOpensNoListeningSocket() throws Exception {
    Set<String> before = listeningSocketsOfThisProcess();
    try (Catalog catalog = Catalog.open(new CatalogSettings("jdbc:h2:file:" + dir.resolve("catalog/callvault"), "sa", ""))) {
      catalog.findRecording("rec_x");
      assertThat(listeningSocketsOfThisProcess()).isEqualTo(before);
    }
  }

  @Test
  void theOldAutoServerUrlIsRefusedBeforeAnyPortOpens() throws Exception {
    Set<String> before = listeningSocketsOfThisProcess();
    assertThatThrownBy(() -> Catalog.open(new CatalogSettings(
        "jdbc:h2:file:" + dir.resolve("catalog/callvault") + ";AUTO_SERVER=TRUE", "sa", "")))
        .isInstanceOf(CatalogException.class).hasMessageContaining("AUTO_SERVER=TRUE");
    assertThat(listeningSocketsOfThisProcess()).isEqualTo(before);
  }

  @Test
  void theCatalogFolderIsPrivateAndItsFilesAreReadableByTheHubOnly() throws Exception {
    Path folder = dir.resolve("data/catalog");
    try (Catalog catalog = Catalog.open(new CatalogSettings("jdbc:h2:file:" + folder.resolve("callvault"), "sa", ""))) {
      catalog.findRecording("rec_x");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data")))).isEqualTo("rwx------");
      try (Stream<Path> files = Files.list(folder)) {
        List<Path> all = files.toList();
        assertThat(all).isNotEmpty();
        for (Path f : all) {
          assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
        }
      }
    }
  }

  @Test
  void aFailingStatementLeavesNoTraceFileWithItsParameters() throws Exception {
    Path folder = dir.resolve("catalog");
    try (Catalog catalog = Catalog.open(new CatalogSettings("jdbc:h2:file:" + folder.resolve("callvault"), "sa", ""));
        Connection c = catalog.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement("insert into recordings (id) values (?)")) {
      st.setString(1, "+447700900123");
      assertThatThrownBy(st::executeUpdate).isInstanceOf(java.sql.SQLException.class);
      c.rollback();
    }
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("trace"));
    }
  }

  @Test
  void aCommandOnAMissingCatalogFailsAndCreatesNothing() {
    Path missing = dir.resolve("nowhere/callvault");
    assertThatThrownBy(() -> Catalog.openExisting(new CatalogSettings("jdbc:h2:file:" + missing, "sa", "")))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith("no catalog at " + dir.resolve("nowhere/callvault.mv.db"));
    assertThat(dir.resolve("nowhere")).doesNotExist();
  }

  @Test
  void aCommandOnAnEmptyH2FileFailsInsteadOfMakingTheSchema() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("empty");
    try (Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
      c.createStatement().execute("create table unrelated (x int)");
    }
    assertThatThrownBy(() -> Catalog.openExisting(new CatalogSettings(url, "sa", "")))
        .hasMessageContaining("no catalog at").hasMessageContaining("no callvault tables");
  }

  /** Inodes of the TCP sockets in LISTEN state that belong to this JVM. */
  static Set<String> listeningSocketsOfThisProcess() throws IOException {
    Set<String> ours = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            ours.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    Set<String> listening = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals("0A") && ours.contains(f[9])) {
          listening.add(f[1] + " inode " + f[9]);
        }
      }
    }
    return listening;
  }
}
