package io.callvault.camel;

import io.callvault.catalog.CatalogSettings;

/** The crash test on the zero-setup default catalog, an embedded H2 file. */
class CrashRecoveryOnH2IT extends CrashRecoveryContract {
  @Override
  CatalogSettings catalog() {
    return new CatalogSettings("jdbc:h2:file:" + hub.dir.resolve("catalog/callvault"), "sa", "");
  }
}
