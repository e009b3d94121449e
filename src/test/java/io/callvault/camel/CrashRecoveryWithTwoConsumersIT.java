package io.callvault.camel;

import io.callvault.catalog.CatalogSettings;

/**
 * The crash test with two consumers of the drop (the shipped default on two cores): two recordings are in flight
 * at each kill, and each is still stored once or left in the drop.
 */
class CrashRecoveryWithTwoConsumersIT extends CrashRecoveryContract {
  @Override
  CatalogSettings catalog() {
    return new CatalogSettings("jdbc:h2:file:" + hub.dir.resolve("catalog/callvault"), "sa", "");
  }

  @Override
  int consumers() {
    return 2;
  }
}
