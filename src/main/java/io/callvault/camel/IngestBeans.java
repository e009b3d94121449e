package io.callvault.camel;

import io.callvault.health.Dependencies;
import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.SubjectKeys;
import io.callvault.config.Settings;
import io.callvault.consent.ConsentSource;
import io.callvault.crypto.RecordingEncryptor;
import io.callvault.ingest.CallMetadata;
import io.callvault.ingest.CatalogStep;
import io.callvault.ingest.CdrCache;
import io.callvault.ingest.ConsentStep;
import io.callvault.ingest.Decide;
import io.callvault.ingest.DropOutcomes;
import io.callvault.ingest.Identify;
import io.callvault.ingest.Pairing;
import io.callvault.catalog.PairingWaits;
import io.callvault.ingest.MaskingPolicy;
import io.callvault.ingest.MinimiseAndEncrypt;
import io.callvault.ingest.QuarantineReturns;
import io.callvault.ingest.SidecarCache;
import io.callvault.ingest.Store;
import io.callvault.policy.PurposePolicy;
import io.callvault.source.PbxFormats;
import io.callvault.source.PhoneNumbers;
import io.callvault.store.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * The beans of the ingest route (routes/ingest.camel.yaml) and of the PBX sources, under the names the
 * routes use: one per step of the way, plus the claim, the drop's outcomes and the error kinds.
 */
final class IngestBeans {
  private final Map<String, Object> named = new LinkedHashMap<>();
  /** The parts of the hub the ingest uses. */
  record Parts(Settings settings, Catalog catalog, AuditTrail audit, ObjectStore objects, SubjectKeys keys,
      PhoneNumbers numbers, ConsentSource consent, PurposePolicy policy, Map<String, List<PGPPublicKey>> recipients,
      MaskingPolicy masking, Dependencies dependencies, io.callvault.health.HubMetrics metrics, Clock clock) {}

  IngestBeans(Parts p) {
    Settings s = p.settings();
    PbxFormats formats = PbxFormats.standard(p.numbers());
    // bad input reported without a quarantine row of its own (hidden files, refused reads, malformed CDR rows)
    io.callvault.catalog.StatusQueries status = new io.callvault.catalog.StatusQueries(p.catalog());
    io.callvault.ingest.BadInputs badInputs = new io.callvault.ingest.BadInputs(
        (kind, n) -> status.badInput(kind, n, p.clock().instant()));
    named.put("badInputs", badInputs);
    p.metrics().badInputs(io.callvault.ingest.BadInputs.KINDS, badInputs::count);
    CdrCache cdrs = new CdrCache(badInputs);
    SidecarCache sidecars = new SidecarCache(s.get("callvault.masking.sidecar-pointer", "/payment_windows"));
    DropOutcomes outcomes = new DropOutcomes(p.catalog(), p.audit(), s.integer("callvault.drop.max-attempts", 5),
        p.metrics(), p.clock());
    named.put("pbxFormats", formats);
    named.put("claimedFiles", new ClaimedFiles(formats, p.keys()));
    named.put("cdrCache", cdrs);
    named.put("sidecarCache", sidecars);
    named.put("identify", new Identify(p.catalog(), p.keys(), cdrs, sidecars, p.numbers(), badInputs));
    named.put("pairing", new Pairing(new PairingWaits(p.catalog()), p.keys(), sidecars,
        s.duration("callvault.pairing.wait", Duration.ofMinutes(10)), p.clock()));
    // the agents' employees (employees.* in application.properties), cataloged by keyed hash only
    named.put("employeesStep", new io.callvault.ingest.EmployeesStep(new io.callvault.employees.Employees(
        io.callvault.employees.EmployeeSettings.directory(s.asMap(), s.configDir()),
        new io.callvault.employees.Agents(p.numbers()), p.keys()), p.dependencies()));
    named.put("consentStep", new ConsentStep(p.consent(), p.dependencies(), p.metrics()));
    named.put("decide", new Decide(p.policy(), p.catalog(), p.keys()));
    // the MD5 of a ciphertext is taken only for purposes on a target checked with Content-MD5 (checksum: md5)
    java.util.Set<String> md5Purposes = new java.util.HashSet<>();
    p.policy().policySet().purposes().stream().filter(pu -> p.objects().contentMd5(pu.bucket()))
        .forEach(pu -> md5Purposes.add(pu.name()));
    named.put("minimiseAndEncrypt", new MinimiseAndEncrypt(new RecordingEncryptor(), s.tempDir(),
        p.recipients(), p.masking(), io.callvault.ingest.IntegrityRule.parse(
            s.get(io.callvault.ingest.IntegrityRule.KEY, "store-flagged"), s.fileName()), md5Purposes));
    named.put("tempFiles", new io.callvault.ingest.TempFiles(s.tempDir(),
        s.duration("callvault.temp-cleanup.max-age", Duration.ofHours(1)), p.clock()));
    named.put("store", new Store(p.objects(), new CallMetadata(p.numbers(), p.keys()::keyOf), p.clock()));
    named.put("catalogStep", new CatalogStep(p.catalog(), p.audit(), p.keys(), p.dependencies(), p.metrics(),
        p.clock()));
    named.put("dropOutcomes", outcomes);
    named.put("ingestFailures", new IngestFailures(outcomes, p.dependencies(), p.metrics()));
    dropBeans(p, formats, cdrs, sidecars, outcomes, badInputs);
  }

  /** The PBX sources' drop: which source a file is of, the filter, sorter, poll and process strategies. */
  private void dropBeans(Parts p, PbxFormats formats, CdrCache cdrs, SidecarCache sidecars, DropOutcomes outcomes,
      io.callvault.ingest.BadInputs badInputs) {
    Settings s = p.settings();
    // which source (and format) a drop file belongs to, for the drop's shared filter, sorter and strategy
    DropSources sources = new DropSources(formats);
    named.put("dropSources", sources);
    // files are claimed only while the stores they need are up (the CDR still is): S3 and the catalog
    java.util.function.BooleanSupplier storesUp = () -> Dependencies.BLOCKING.stream().allMatch(p.dependencies()::isUp);
    Duration minAge = s.duration("callvault.drop.min-age", Duration.ofSeconds(10));
    DropPolls drops = new DropPolls(p.dependencies(), p.metrics(), new io.callvault.catalog.StatusQueries(p.catalog()),
        p.clock());
    named.put("dropFilter", new DropFilter(minAge, cdrs, p.clock(), storesUp, sources).reportingTo(drops));
    named.put("dropSorter", new DropSorter(sources));
    QuarantineMoves moves = new QuarantineMoves(p.keys());
    HiddenFiles hidden = new HiddenFiles(p.keys(), badInputs, minAge,
        s.duration("callvault.drop.hidden-check-interval", Duration.ofMinutes(1)), p.clock());
    // after each poll the census of hidden files; a failed login or host-key check is explained once, then backs off
    DropPollStrategy polls = new DropPollStrategy(hidden, drops);
    named.put("dropPollStrategy", polls);
    named.put("dropReadFailures", new DropReadFailures(outcomes, sidecars, p.keys(), moves, badInputs, sources, polls));
    // Camel's sftp component, but absolute drop directories stay absolute (PbxSftpComponent)
    named.put("sftp", new PbxSftpComponent());
    DropProcessStrategy strategy = new DropProcessStrategy(
        new NonRegularFiles(outcomes, sidecars, p.keys(), moves, sources),
        new ReturnedFiles(new QuarantineReturns(p.catalog(), p.audit(), outcomes.maxAttempts()), p.keys(),
            p.dependencies(), sources), moves, hidden, storesUp, sources);
    // each recording is claimed before it is opened (the read lock): in the catalog when hubs share a PostgreSQL
    // catalog, in memory on H2 (one hub), where a source's several consumers share the claims (DropConsumers)
    Duration[] times = SeveralNodes.claimTimes(s);
    strategy.setExclusiveReadLockStrategy(new DropClaims(SeveralNodes.shared(s) ? p.catalog().dataSource() : null,
        p.keys(), sources, times[0], times[1]));
    named.put("dropProcessStrategy", strategy);
  }

  Map<String, Object> named() {
    return named;
  }

  /** The ciphertext temp files: the hub removes a crash's leftovers before its routes start. */
  io.callvault.ingest.TempFiles tempFiles() {
    return (io.callvault.ingest.TempFiles) named.get("tempFiles");
  }

}
