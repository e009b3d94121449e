package io.callvault.camel;

import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.TestPostgres;

/** The crash test on PostgreSQL 15 (a throwaway server, one schema per run). */
class CrashRecoveryOnPostgresIT extends CrashRecoveryContract {
  @Override
  CatalogSettings catalog() {
    return TestPostgres.get().freshSchema();
  }
}
