package io.callvault.ingest;

import io.callvault.catalog.CatalogSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Pairing waits on the embedded H2 catalog (one hub; a restart reopens the file). */
class PairingOnH2Test extends PairingContract {
  @TempDir Path dir;

  @Override
  CatalogSettings settings() {
    return new CatalogSettings("jdbc:h2:file:" + dir.resolve("callvault"), null, null);
  }
}
