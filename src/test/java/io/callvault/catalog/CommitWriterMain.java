package io.callvault.catalog;

import io.callvault.audit.AuditTrail;
import java.time.Clock;

/**
 * A child process for {@link CommitDurabilityIT}: appends audit entries to the catalog at {@code args[0]} as
 * fast as it can and prints each sequence number once its commit returned.
 */
public final class CommitWriterMain {
  private CommitWriterMain() {
  }

  public static void main(String[] args) {
    try (Catalog catalog = Catalog.open(new CatalogSettings(args[0], "sa", ""))) {
      AuditTrail trail = new AuditTrail(catalog, Clock.systemUTC());
      System.out.println("ready");
      while (true) {
        long seq = trail.append("crash-test", "ACCESS", "rec_crash", "committed").seq();
        System.out.println(seq);
      }
    }
  }
}
