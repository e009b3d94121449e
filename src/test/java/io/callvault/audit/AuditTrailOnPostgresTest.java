package io.callvault.audit;

import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.TestPostgres;

/** The audit trail contract on PostgreSQL 15 (a throwaway server, see {@link TestPostgres}); one schema per test. */
class AuditTrailOnPostgresTest extends AuditTrailContract {

  @Override
  CatalogSettings freshSettings() {
    return TestPostgres.get().freshSchema();
  }
}
