package io.callvault.camel;

import io.callvault.catalog.CatalogSettings;
import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import io.callvault.config.Settings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.component.quartz.QuartzComponent;

/**
 * What changes when several hubs share one PostgreSQL catalog (README, "Running several nodes"): the drop's claims
 * ({@link DropClaims}) and Quartz's clustered JDBC job store for the sweeps. On H2, which one hub alone can open,
 * neither is needed: the claims stay in the hub's memory (Camel's in-progress repository) and Quartz keeps its RAM
 * job store, so an H2 hub writes (and fsyncs) nothing more per file than before.
 */
final class SeveralNodes {
  static final String CLAIM_MAX_AGE = "callvault.drop.claim-max-age";
  static final String CLAIM_KEEP_ALIVE = "callvault.drop.claim-keep-alive";
  static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(2);
  static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(20);
  /** The Quartz component of the sweeps that must run on every hub (its own temp folder): always a RAM store. */
  static final String NODE_QUARTZ = "quartz-node";

  private SeveralNodes() {}

  /** True when the catalog is PostgreSQL, which several hubs may share. */
  static boolean shared(Settings settings) {
    return settings.get("catalog.url", CatalogSettings.DEFAULT_URL).startsWith("jdbc:postgresql:");
  }

  /** The claim's max age and keep-alive interval, checked: the max age must leave room for missed renewals. */
  static Duration[] claimTimes(Settings settings) {
    Duration maxAge = settings.duration(CLAIM_MAX_AGE, DEFAULT_MAX_AGE);
    Duration keepAlive = settings.duration(CLAIM_KEEP_ALIVE, DEFAULT_KEEP_ALIVE);
    if (keepAlive.isNegative() || keepAlive.isZero() || maxAge.compareTo(keepAlive.multipliedBy(3)) < 0) {
      throw new ConfigException(new ConfigProblem(settings.fileName(), CLAIM_MAX_AGE,
          "the claim's max age " + maxAge + " is less than three times " + CLAIM_KEEP_ALIVE + " (" + keepAlive + ")",
          "renew claims more often or let them live longer, e.g. " + CLAIM_KEEP_ALIVE + "=PT20S and " + CLAIM_MAX_AGE
              + "=PT2M, so that a slow renewal never lets another hub take a file this hub still works on"));
    }
    return new Duration[] {maxAge, keepAlive};
  }

  /** The Quartz components: {@code quartz} clustered on PostgreSQL (Camel's own RAM one on H2), and {@code quartz-node}. */
  static Map<String, Object> quartzComponents(Settings settings) {
    Map<String, Object> components = new LinkedHashMap<>();
    if (shared(settings)) {
      components.put("quartz", component(clustered(settings)));
    }
    Properties node = new Properties();
    node.setProperty("org.quartz.scheduler.instanceName", "callvault-node");
    node.setProperty("org.quartz.threadPool.threadCount", "1");
    node.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    components.put(NODE_QUARTZ, component(node));
    return components;
  }

  private static QuartzComponent component(Properties properties) {
    QuartzComponent quartz = new QuartzComponent();
    Map<String, Object> map = new LinkedHashMap<>();
    properties.forEach((k, v) -> map.put(k.toString(), v));
    quartz.setProperties(map);
    return quartz;
  }

  /**
   * Quartz's JDBC job store on the catalog (tables qrtz_*, migration V19), clustered: every hub is an instance
   * (instanceId AUTO) of one scheduler, and each firing of a trigger runs on one of them; a hub that stops checking
   * in is failed over. Any {@code org.quartz.*} key of the settings is passed on (e.g.
   * {@code org.quartz.jobStore.clusterCheckinInterval}). Quartz has a small pool of its own on the catalog.
   */
  static Properties clustered(Settings settings) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "callvault");
    p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "15000");
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    p.setProperty("org.quartz.jobStore.dataSource", "catalog");
    p.setProperty("org.quartz.dataSource.catalog.provider", "hikaricp");
    p.setProperty("org.quartz.dataSource.catalog.driver", "org.postgresql.Driver");
    p.setProperty("org.quartz.dataSource.catalog.URL", settings.get("catalog.url", ""));
    p.setProperty("org.quartz.dataSource.catalog.user", settings.get("catalog.user", ""));
    p.setProperty("org.quartz.dataSource.catalog.password", settings.get("catalog.password", ""));
    p.setProperty("org.quartz.dataSource.catalog.maxConnections", "3");
    settings.asMap().forEach((k, v) -> {
      if (k.startsWith("org.quartz.")) {
        p.setProperty(k, v);
      }
    });
    return p;
  }
}
