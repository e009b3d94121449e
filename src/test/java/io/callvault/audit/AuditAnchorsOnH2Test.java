package io.callvault.audit;

import io.callvault.catalog.CatalogSettings;

/** The anchor contract on an embedded H2 file database, the zero-setup default. */
class AuditAnchorsOnH2Test extends AuditAnchorsContract {

  @Override
  CatalogSettings freshSettings() {
    return new CatalogSettings("jdbc:h2:file:" + dir.resolve("callvault") + ";AUTO_SERVER=FALSE", null, null);
  }
}
