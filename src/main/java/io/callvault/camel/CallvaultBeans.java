package io.callvault.camel;

import io.callvault.api.ApiAccess;
import io.callvault.api.WebhookSignature;
import io.callvault.audit.AnchorSettings;
import io.callvault.audit.AuditAnchors;
import io.callvault.audit.AuditTrail;
import io.callvault.retention.Holds;
import io.callvault.retention.RetentionSweeper;
import io.callvault.rights.DecryptionKeys;
import io.callvault.rights.Erasure;
import io.callvault.rights.SubjectRights;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.SubjectKeys;
import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import io.callvault.config.Settings;
import io.callvault.consent.ConsentSource;
import io.callvault.consent.ConsentSources;
import io.callvault.crypto.PublicKeys;

import io.callvault.audio.MaskSettings;
import io.callvault.ingest.CrmPaymentWindows;
import io.callvault.ingest.MaskingPolicy;
import io.callvault.policy.Policies;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import io.callvault.policy.PurposePolicy;
import io.callvault.source.PhoneNumbers;
import io.callvault.store.ObjectStore;
import io.callvault.store.S3Clients;
import io.callvault.store.S3Settings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPPublicKey;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds every bean of the hub from {@link Settings}, under the names the YAML routes use. This is
 * the one place where the steps are wired together.
 */
public final class CallvaultBeans implements AutoCloseable {
  private final Settings settings;
  private final PolicySet policies;
  private final Catalog catalog;
  private final io.callvault.store.StorageTargets targets;
  private final ObjectStore objectStore;
  private final ConsentSource consentLookup;
  private final PurposePolicy purposePolicy;
  private final SubjectKeys subjectKeys;
  private final IngestBeans ingest;
  private final AuditTrail auditTrail;
  private final AuditAnchors auditAnchors;
  private final AuditTrail.Head auditHeadAtStart;
  private final Holds holds;
  private final RetentionSweeper retentionSweeper;
  private ApiGate apiGate;
  private boolean closed;
  private final SubjectRights subjectRights;
  private final Erasure erasure;
  private final PhoneNumbers phoneNumbers;
  private final Clock clock;
  /** Up or down since when: S3 and the catalog (what a health check reports; the drops wait while one is down). */
  private final io.callvault.health.Dependencies dependencies;
  private io.callvault.health.DependencyWatch dependencyWatch;
  private io.callvault.health.StorageChecks storageChecks;
  /** Camel's Prometheus registry (bound as metricsRegistry, scraped at /observe/metrics) with the hub's own meters. */
  private final io.micrometer.prometheusmetrics.PrometheusMeterRegistry meterRegistry =
      new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
  private final io.callvault.health.HubMetrics metrics;

  public CallvaultBeans(Settings settings, Clock clock) {
    this(settings, clock, true);
  }

  /** The beans a command needs, on a catalog that must exist already (nothing is created). */
  public static CallvaultBeans forCommands(Settings settings, Clock clock) {
    return new CallvaultBeans(settings, clock, false);
  }

  private CallvaultBeans(Settings settings, Clock clock, boolean createCatalog) {
    if (!settings.problems().isEmpty()) {
      throw new ConfigException(settings.problems());
    }
    this.settings = settings;
    this.clock = clock;
    this.metrics = new io.callvault.health.HubMetrics(meterRegistry, clock);
    Path policiesFile = settings.path("callvault.policies", io.callvault.config.ConfigPaths.DEFAULT_POLICIES);
    this.policies = Policies.load(policiesFile, policiesFile.toAbsolutePath().getParent());
    this.subjectKeys = new SubjectKeys(settings.require("callvault.subject-key-secret",
        "set CALLVAULT_SUBJECT_SECRET (32+ random characters) in the environment").getBytes(StandardCharsets.UTF_8));
    this.consentLookup = ConsentSources.fromProperties(settings.asMap(), settings.configDir());
    this.purposePolicy = new PurposePolicy(policies, settings.flag("consent.unavailable.proceed-without-consent", true),
        clock);
    this.targets = io.callvault.store.StorageTargets.from(settings, policies);
    this.objectStore = targets.store();
    CatalogSettings catalogSettings = new CatalogSettings(
        settings.get("catalog.url", CatalogSettings.DEFAULT_URL),
        settings.get("catalog.user", "sa"),
        settings.get("catalog.password", ""));
    this.dependencies = new io.callvault.health.Dependencies(clock);
    // the hub waits a while for an unreachable catalog database, then exits 75 (see CatalogStartup)
    this.catalog = createCatalog
        ? new io.callvault.catalog.CatalogStartup(dependencies, clock, d -> Thread.sleep(d.toMillis()))
            .open(catalogSettings, settings.duration("catalog.start-wait", Duration.ofMinutes(2)))
        : Catalog.openExisting(catalogSettings);
    AuditTrail trail = new AuditTrail(catalog, clock);
    // the head signed outside the database, on audit.anchor.cron, at stop and after erasures (docs/security.md)
    this.auditAnchors = AuditAnchors.open(AnchorSettings.from(settings), trail, objectStore, clock, true);
    this.auditTrail = trail.checkedAgainst(auditAnchors);
    this.auditHeadAtStart = trail.head();
    this.holds = new Holds(catalog, clock);
    this.phoneNumbers = new PhoneNumbers(settings.get("callvault.default-region", "GB"));
    this.subjectRights = new SubjectRights(catalog, objectStore, subjectKeys, phoneNumbers, policies, holds,
        DecryptionKeys.fromSettings(settings.asMap()), auditTrail, clock);
    this.erasure = new Erasure(catalog, objectStore, holds, policies, auditTrail, clock);
    erasure.afterCertificate(() -> auditAnchors.anchorQuietly(AuditAnchors.ERASURE));
    this.retentionSweeper = new RetentionSweeper(catalog, objectStore, holds, policies, clock, erasure);
    if (createCatalog) {
      try {
        watchDependencies(settings);
      } catch (RuntimeException e) {
        catalog.close(); // a configuration error stops the start: release the catalog (H2 holds a file lock)
        targets.close();
        throw e;
      }
    }
    this.ingest = new IngestBeans(new IngestBeans.Parts(settings, catalog, auditTrail, objectStore, subjectKeys,
        phoneNumbers, consentLookup, purposePolicy, recipients(policies), masking(settings), dependencies, metrics,
        clock));
    observe();
    if (createCatalog) {
      ingest.tempFiles().removeAll(); // a hub, before its routes start: every ciphertext temp file is a crash's
    }
  }

  /**
   * Checks S3 now (its buckets, created when s3.create-buckets=true): a configuration error stops the start, S3
   * down does not (the hub starts, the drops wait). Then checks S3 and the catalog every
   * callvault.dependency-check-interval, so that a dependency coming back (or going away) is seen.
   */
  private void watchDependencies(Settings settings) {
    Map<String, io.callvault.health.Dependencies.Check> byTarget = new LinkedHashMap<>();
    for (String target : new java.util.TreeSet<>(policies.purposes().stream().map(Purpose::target).toList())) {
      List<io.callvault.store.BucketCheck.Target> buckets = policies.purposes().stream()
          .filter(p -> p.target().equals(target))
          .map(p -> new io.callvault.store.BucketCheck.Target(p.bucket(), p.name(), p.objectLock() != null)).toList();
      byTarget.put(target, new io.callvault.store.BucketCheck(objectStore, buckets,
          settings.flag("s3.create-buckets", false), endpointOf(settings, target), settings.fileName())::run);
    }
    this.storageChecks = new io.callvault.health.StorageChecks(byTarget);
    io.callvault.health.StorageChecks s3Check = storageChecks;
    dependencies.check("s3", s3Check::run);
    this.dependencyWatch = new io.callvault.health.DependencyWatch(dependencies,
        settings.duration("callvault.dependency-check-interval", Duration.ofSeconds(30)))
        .watch("s3", s3Check::run)
        .watch("catalog", catalog::ping);
  }

  /** The metrics read when scraped, and the consent cache's hits and misses. */
  private void observe() {
    if (consentLookup instanceof io.callvault.consent.CachingConsentLookup caching) {
      caching.onCacheResult(metrics::consentCache);
    }
    io.callvault.catalog.ErasureLedger erasures = new io.callvault.catalog.ErasureLedger(catalog);
    metrics.gauge("callvault.erasures.pending", "Erasures S3 has not confirmed yet (retried by the sweep)",
        () -> erasures.backlog().pending());
    metrics.gauge("callvault.erasures.pending.oldest.seconds", "Age of the oldest erasure S3 has not confirmed (0: none)",
        () -> erasures.backlog().oldestSince().map(t -> java.time.Duration.between(t, clock.instant()).toSeconds())
            .orElse(0L));
    metrics.gauge("callvault.audit.head.sequence", "Sequence number of the audit trail's last entry",
        () -> auditTrail.head().seq());
  }

  public io.callvault.health.HubMetrics metrics() {
    return metrics;
  }

  /** How messages name a storage target's S3 service, with the key that sets it. */
  private static String endpointOf(Settings settings, String target) {
    String key = target.equals(Purpose.DEFAULT_TARGET) ? "s3.endpoint" : "storage." + target + ".endpoint";
    return settings.get(key).map(e -> e + " (" + key + ")")
        .orElse("AWS S3 in " + settings.get("s3.region", "us-east-1") + " (s3.region; " + key + " empty)");
  }

  /** The storage targets' last bucket checks (null for a command's beans, which check nothing). */
  public io.callvault.health.StorageChecks storageChecks() {
    return storageChecks;
  }

  /** The S3 connection of the {@code s3.*} settings. */
  public static S3Settings s3Settings(Settings settings) {
    return io.callvault.store.StorageTargets.defaultSettings(settings);
  }

  private static MaskingPolicy masking(Settings settings) {
    String fill = settings.get("callvault.masking.fill", "silence");
    String unmaskable = settings.get("callvault.masking.unmaskable", "store");
    if (!List.of("silence", "comfort-noise").contains(fill)) {
      throw new ConfigException(new ConfigProblem(settings.fileName(), "callvault.masking.fill", "unknown fill '" + fill + "'",
          "use silence or comfort-noise"));
    }
    if (!List.of("store", "quarantine").contains(unmaskable)) {
      throw new ConfigException(new ConfigProblem(settings.fileName(), "callvault.masking.unmaskable",
          "unknown rule '" + unmaskable + "'", "use store (kept, flagged not masked) or quarantine"));
    }
    MaskSettings base = MaskSettings.defaults()
        .withGuardMillis((int) settings.duration("callvault.masking.guard", Duration.ofMillis(30)).toMillis())
        .withFill(fill.equals("silence") ? MaskSettings.Fill.SILENCE : MaskSettings.Fill.COMFORT_NOISE, -65.0);
    CrmPaymentWindows crm = settings.get("callvault.masking.crm-url-template")
        .map(url -> new CrmPaymentWindows(url, settings.get("callvault.masking.crm-pointer", "/payment_windows"),
            settings.get("callvault.masking.crm-auth-header").orElse(null),
            settings.get("callvault.masking.crm-auth-value").orElse(null),
            settings.duration("callvault.masking.crm-timeout", Duration.ofSeconds(5))))
        .orElse(null);
    return new MaskingPolicy(settings.flag("callvault.masking.enabled", true), base, unmaskable.equals("quarantine"),
        settings.flag("callvault.masking.cdr-userfield-windows", true), crm);
  }

  private static Map<String, List<PGPPublicKey>> recipients(PolicySet policies) {
    Map<String, List<PGPPublicKey>> byPurpose = new LinkedHashMap<>();
    for (Purpose p : policies.purposes()) {
      List<PGPPublicKey> keys = new java.util.ArrayList<>();
      for (Path file : p.recipients()) {
        try {
          keys.addAll(PublicKeys.encryptionKeys(file));
        } catch (Exception e) {
          throw new ConfigException(new ConfigProblem("config/policies.yaml", "purposes." + p.name() + ".recipients",
              "cannot use recipient key " + file + ": " + e.getMessage(),
              "point to an OpenPGP public key file; make one with ./callvault keys generate " + p.name()));
        }
      }
      byPurpose.put(p.name(), keys);
    }
    return byPurpose;
  }

  /** Every named bean the routes refer to. */
  public Map<String, Object> named() {
    Map<String, Object> beans = new LinkedHashMap<>();
    beans.put("catalog", catalog);
    beans.put("holds", holds);
    beans.put("retentionSweeper", retentionSweeper);
    beans.put("retentionSweepProcessor", new RetentionSweepProcessor(retentionSweeper, auditTrail, metrics));
    beans.put("subjectRights", subjectRights);
    beans.put("erasure", erasure);
    apiGate = new ApiGate(ApiAccess.fromSettings(settings.asMap(), settings.fileName()),
        new WebhookSignature(settings.get("api.webhook-secret", "")),
        new io.callvault.api.DeniedRequestLog(
            (actor, target, reason) -> auditTrail.append(actor, io.callvault.audit.AuditAction.DENIED_REQUEST, target, reason),
            Clock.systemUTC(), java.time.Duration.parse(settings.get("api.denied-audit-window", "PT1M"))),
        maxJsonBody(settings));
    beans.put("apiGate", apiGate);
    beans.put("rightsApi", new RightsApi(subjectRights, erasure, auditTrail, policies, apiGate));
    beans.put("holdsApi", new HoldsApi(holds, subjectRights, auditTrail));
    beans.put("fulfilmentApi", new FulfilmentApi(fulfilment(), policies, apiGate));
    beans.put("auditApi", new AuditApi(auditTrail));
    beans.put("consentEventsApi", new ConsentEventsApi(subjectRights, erasure, consentLookup));
    beans.put("auditTrail", auditTrail);
    beans.put("auditAnchors", auditAnchors);
    // the aws2-s3 producer's client per storage target (routes/ingest.camel.yaml): s3Client-<target>
    targets.clients().forEach((name, client) -> beans.put("s3Client-" + name, client));
    beans.put("objectStore", objectStore);
    beans.put("consentLookup", consentLookup);
    beans.put("purposePolicy", purposePolicy);
    beans.put("dependencies", dependencies);
    beans.put("metricsRegistry", meterRegistry); // Camel's micrometer-prometheus takes it instead of making its own
    // sweeps: Quartz's clustered JDBC job store on PostgreSQL (one run per firing across the hubs); quartz-node for
    // what each hub does for itself (README, "Running several nodes")
    beans.putAll(SeveralNodes.quartzComponents(settings));
    beans.putAll(ingest.named());
    return beans;
  }

  public Catalog catalog() {
    return catalog;
  }

  public RetentionSweeper retentionSweeper() {
    return retentionSweeper;
  }

  public SubjectRights subjectRights() {
    return subjectRights;
  }

  public Holds holds() {
    return holds;
  }

  /** Marks copies' purposes met (on-fulfilment), on this hub's clock. */
  public io.callvault.retention.Fulfilment fulfilment() {
    return new io.callvault.retention.Fulfilment(catalog, policies, auditTrail, clock);
  }

  public AuditTrail auditTrail() {
    return auditTrail;
  }

  public Settings settings() {
    return settings;
  }

  public AuditAnchors auditAnchors() {
    return auditAnchors;
  }

  public PolicySet policies() {
    return policies;
  }

  public ObjectStore objectStore() {
    return objectStore;
  }

  public SubjectKeys subjectKeys() {
    return subjectKeys;
  }

  /** The largest JSON request body the API takes (api.max-json-body, bytes). */
  static long maxJsonBody(Settings settings) {
    return settings.integer("api.max-json-body", 16384);
  }

  public ApiGate apiGate() {
    return apiGate;
  }

  /** S3, the catalog and the consent source, up or down since when (for a health check). */
  public io.callvault.health.Dependencies dependencies() {
    return dependencies;
  }

  /** Writes the refusal counts not yet audited, then closes the catalog and S3; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (dependencyWatch != null) {
        dependencyWatch.close();
      }
      if (apiGate != null) {
        apiGate.flushDenied();
      }
      auditAnchors.anchorIfMoved(AuditAnchors.HUB_STOP, auditHeadAtStart);
    } finally {
      catalog.close();
      targets.close();
    }
  }
}
