package io.callvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
  @Test
  void auditVerifyPassesOnAnIntactTrailAndNamesTheRowChangedInTheDatabase(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("catalog/callvault");
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(config.resolve("application.properties"), "catalog.url=" + url + "\ncatalog.user=sa\ncatalog.password=\n");
    try (Catalog catalog = Catalog.open(new CatalogSettings(url, "sa", ""))) {
      AuditTrail trail = new AuditTrail(catalog.dataSource(), Clock.systemUTC());
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

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = new Cli(ps, ps).run(args);
    return code + ":" + out.toString(StandardCharsets.UTF_8);
  }
}
