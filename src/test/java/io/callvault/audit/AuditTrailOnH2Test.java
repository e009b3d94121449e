package io.callvault.audit;

import io.callvault.catalog.CatalogSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail contract on an embedded H2 file database, the zero-setup default. */
class AuditTrailOnH2Test extends AuditTrailContract {

  @TempDir Path dir;

  @Override
  CatalogSettings freshSettings() {
    return new CatalogSettings("jdbc:h2:file:" + dir.resolve("callvault") + ";AUTO_SERVER=FALSE", null, null);
  }
}
