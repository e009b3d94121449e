package io.callvault.catalog;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The catalog contract on an embedded H2 file database, as the zero-setup default uses it. */
class CatalogOnH2Test extends CatalogContract {

  @TempDir Path dir;

  @Override
  CatalogSettings freshSettings() {
    return new CatalogSettings("jdbc:h2:file:" + dir.resolve("callvault") + ";AUTO_SERVER=FALSE", null, null);
  }
}
