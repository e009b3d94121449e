package io.callvault.camel;

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
import io.callvault.ingest.MaskingPolicy;
import io.callvault.ingest.MinimiseAndEncrypt;
import io.callvault.ingest.Outages;
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
  private final Outages outages;

  /** The parts of the hub the ingest uses. */
  record Parts(Settings settings, Catalog catalog, AuditTrail audit, ObjectStore objects, SubjectKeys keys,
      PhoneNumbers numbers, ConsentSource consent, PurposePolicy policy, Map<String, List<PGPPublicKey>> recipients,
      MaskingPolicy masking, Clock clock) {}

  IngestBeans(Parts p) {
    Settings s = p.settings();
    this.outages = new Outages(p.clock());
    PbxFormats formats = PbxFormats.standard(p.numbers());
    CdrCache cdrs = new CdrCache();
    SidecarCache sidecars = new SidecarCache(s.get("callvault.masking.sidecar-pointer", "/payment_windows"));
    DropOutcomes outcomes = new DropOutcomes(p.catalog(), p.audit(), s.integer("callvault.drop.max-attempts", 5), p.clock());
    named.put("pbxFormats", formats);
    named.put("outages", outages);
    named.put("claimedFiles", new ClaimedFiles(formats, p.keys()));
    named.put("cdrCache", cdrs);
    named.put("sidecarCache", sidecars);
    named.put("identify", new Identify(p.catalog(), p.keys(), cdrs, sidecars));
    named.put("consentStep", new ConsentStep(p.consent(), outages));
    named.put("decide", new Decide(p.policy(), p.catalog(), p.keys()));
    named.put("minimiseAndEncrypt", new MinimiseAndEncrypt(new RecordingEncryptor(), s.path("callvault.temp-dir", "data/tmp"),
        p.recipients(), p.masking()));
    named.put("store", new Store(p.objects(), new CallMetadata(p.numbers()), p.clock()));
    named.put("catalogStep", new CatalogStep(p.catalog(), p.audit(), p.keys(), outages, p.clock()));
    named.put("dropOutcomes", outcomes);
    named.put("ingestFailures", new IngestFailures(outcomes, outages));
    named.put("dropFilter", new DropFilter(s.duration("callvault.drop.min-age", Duration.ofSeconds(10)), cdrs, p.clock()));
    named.put("dropSorter", new DropSorter());
    named.put("dropProcessStrategy", new DropProcessStrategy(new NonRegularFiles(outcomes, sidecars, p.keys())));
  }

  Map<String, Object> named() {
    return named;
  }

  Outages outages() {
    return outages;
  }
}
