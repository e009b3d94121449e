package io.callvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.audit.AuditTrail;
import io.callvault.audit.TrailWriter;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
  @Test
  void auditVerifyPassesOnAnIntactTrailAndNamesTheRowChangedInTheDatabase(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("catalog/callvault");
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(config.resolve("application.properties"), "catalog.url=" + url + "\ncatalog.user=sa\ncatalog.password=\n"
        + "callvault.temp-dir=" + dir.resolve("data/tmp") + "\n");
    try (Catalog catalog = Catalog.open(new CatalogSettings(url, "sa", ""))) {
      AuditTrail trail = new AuditTrail(catalog, Clock.systemUTC());
      for (int i = 1; i <= 5; i++) {
        trail.append("dpo", "ACCESS", "rec_" + i, "reviewed");
      }
    }
    assertThat(run("audit", "verify", "--config", config.toString())).startsWith("0:");
    String exported = run("audit", "export", "--config", config.toString());
    assertThat(exported.lines().filter(l -> l.contains("\"seq\":")).count()).as(exported).isEqualTo(5);

    try (Catalog catalog = Catalog.open(new CatalogSettings(url, "sa", ""));
        Connection c = catalog.dataSource().getConnection()) {
      c.createStatement().executeUpdate("update audit_log set reason = 'nothing to see' where seq = 3");
      c.commit();
    }
    String broken = run("audit", "verify", "--config", config.toString());
    assertThat(broken).startsWith("1:").contains("entry 3");
  }

  @Test
  void auditVerifyOnAMissingCatalogFailsAndCreatesNoDatabase(@TempDir Path dir) throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    Path db = dir.resolve("data/catalog/callvault");
    Files.writeString(config.resolve("application.properties"), "catalog.url=jdbc:h2:file:" + db + "\n");
    String answer = run("audit", "verify", "--config", config.toString());
    assertThat(answer).startsWith("1:").contains("no catalog at " + db + ".mv.db").doesNotContain("intact");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void auditAnchorThenATrailCutIsCaughtByVerifyWhichNamesTheAnchor(@TempDir Path dir) throws Exception {
    CatalogSettings db = new CatalogSettings("jdbc:h2:file:" + dir.resolve("catalog/callvault"), "sa", "");
    Path config = config(dir, db, "");
    appendFive(db);

    String anchored = run("audit", "anchor", "--config", config.toString());
    assertThat(anchored).startsWith("0:anchored " + dir.resolve("data/audit-anchors/anchor-000000000005-"))
        .contains("(entry 5, signed ");
    assertThat(run("audit", "verify", "--config", config.toString()))
        .startsWith("0:audit trail intact: 5 entries, consistent with 1 signed anchor; the latest covers entry 5");

    try (Catalog catalog = Catalog.open(db)) {
      new TrailWriter(db, new AuditTrail(catalog, Clock.systemUTC())).truncateAndMoveHead(3);
    }
    String broken = run("audit", "verify", "--config", config.toString());
    assertThat(broken).startsWith("1:audit trail broken: the trail ends at entry 3, but anchor "
        + dir.resolve("data/audit-anchors/anchor-000000000005-")).contains("entries 4 to 5 were cut");
  }

  @Test
  void anchorKeyMadeByTheCommandSignsAnchorsThatAnAuditorChecksWithThePublicKeyAlone(@TempDir Path dir)
      throws Exception {
    Path key = dir.resolve("secrets/anchor.key");
    String made = run("audit", "anchor-key", key.toString());
    assertThat(made).startsWith("0:signing key: " + key).contains("key id:");
    assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(run("audit", "anchor-key", key.toString())).startsWith("1:").contains("exists already");

    CatalogSettings db = new CatalogSettings("jdbc:h2:file:" + dir.resolve("catalog/callvault"), "sa", "");
    Path config = config(dir, db, "audit.anchor.signing-key=" + key + "\n");
    appendFive(db);
    assertThat(run("audit", "anchor", "--config", config.toString())).startsWith("0:anchored");
    Files.createDirectories(dir.resolve("copy"));
    try (var files = Files.list(dir.resolve("data/audit-anchors"))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve("copy").resolve(f.getFileName()));
      }
    }
    Files.delete(key); // the auditor has no secret, only the public key and a copy of the anchors

    String checked = run("audit", "verify", "--config", config.toString(), "--anchors", dir.resolve("copy").toString(),
        "--public-key", key + ".pub");
    assertThat(checked).startsWith("0:audit trail intact: 5 entries, consistent with 1 signed anchor");
    String withoutKey = run("audit", "verify", "--config", config.toString(), "--anchors", dir.resolve("copy").toString());
    assertThat(withoutKey).startsWith("1:audit trail broken: anchor " + dir.resolve("copy"))
        .contains("no public key to check it with (set audit.anchor.public-key)");
  }

  private static Path config(Path dir, CatalogSettings db, String more) throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(config.resolve("application.properties"), "catalog.url=" + db.jdbcUrl()
        + "\ncatalog.user=sa\ncatalog.password=\ncallvault.temp-dir=" + dir.resolve("data/tmp") + "\n" + more);
    return config;
  }

  private static void appendFive(CatalogSettings db) {
    try (Catalog catalog = Catalog.open(db)) {
      AuditTrail trail = new AuditTrail(catalog, Clock.systemUTC());
      for (int i = 1; i <= 5; i++) {
        trail.append("dpo", "ACCESS", "rec_" + i, "reviewed");
      }
    }
  }

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = new Cli(ps, ps).run(args);
    return code + ":" + out.toString(StandardCharsets.UTF_8);
  }
}
