package io.callvault.audit;

import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.TestPostgres;

/** The anchor contract on PostgreSQL 15 (a throwaway server, see {@link TestPostgres}); one schema per test. */
class AuditAnchorsOnPostgresTest extends AuditAnchorsContract {

  @Override
  CatalogSettings freshSettings() {
    return TestPostgres.get().freshSchema();
  }
}
