package io.callvault.camel;

import io.callvault.api.Principal;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.QuarantineEntry;
import io.callvault.catalog.StatusQueries;
import io.callvault.catalog.SweepReports;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import io.callvault.privacy.PersonalData;
import io.callvault.retention.RetentionForecast;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The operations of {@code routes/api.camel.yaml} that the console ({@code /console/}) needs beyond the rights,
 * holds and audit operations: who the caller is, the retention forecast, the last sweeps and the quarantine.
 * Figures only, or texts with every number redacted: nothing here names a person.
 */
public final class ConsoleApi {
  /** How many sweep reports {@link #sweeps} answers. */
  static final int SWEEPS = 10;

  private final CallvaultBeans beans;
  private final Catalog catalog;
  private final List<String> purposes;
  private final Clock clock;

  public ConsoleApi(CallvaultBeans beans, PolicySet policies, Clock clock) {
    this.beans = beans;
    this.catalog = beans.catalog();
    this.purposes = policies.purposes().stream().map(Purpose::name).toList();
    this.clock = clock;
  }

  /** GET /api/session: the caller's actor name, roles and the purposes it may read; 401 for a bad token. */
  public void session(Exchange ex) {
    Principal who = ApiGate.principal(ex);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("actor", who.actor());
    out.put("roles", who.roles().stream().sorted().toList());
    out.put("dpo", who.isDpo());
    out.put("audit", who.canReadAudit());
    out.put("purposes", purposes.stream().filter(who::canRead).toList());
    ApiReplies.json(ex, 200, out);
  }

  /**
   * GET /api/retention/forecast: per purpose the caller may read, the stored copies whose retention ends in each
   * of the next 52 weeks, and apart those a legal hold keeps ({@link RetentionForecast}).
   */
  public void forecast(Exchange ex) {
    Principal who = ApiGate.principal(ex);
    Instant now = clock.instant();
    List<String> visible = purposes.stream().filter(who::canRead).toList();
    RetentionForecast f = RetentionForecast.of(now, visible,
        new StatusQueries(catalog).expiringBefore(RetentionForecast.end(now)));
    Map<String, Object> series = new LinkedHashMap<>();
    f.purposes().forEach((p, s) -> series.put(p, Map.of("due", s.due(), "held", s.held())));
    ApiReplies.json(ex, 200, Map.of("at", now.toString(), "weeks", f.weeks().stream().map(Object::toString).toList(),
        "purposes", series));
  }

  /** GET /api/retention/sweeps: the last {@value #SWEEPS} retention sweep reports, newest first. */
  public void sweeps(Exchange ex) {
    ApiReplies.json(ex, 200, new SweepReports(catalog).recent(SWEEPS));
  }

  /**
   * GET /api/status: the figures of {@code ./callvault status --json}, and per UTC day for 30 days the recordings
   * ingested ({@code ingestedPerDay}: one a recording, discarded ones included) and the copies stored
   * ({@code storedPerDay}).
   */
  public void status(Exchange ex) {
    Instant now = clock.instant();
    Instant from = now.minus(java.time.Duration.ofDays(29));
    com.fasterxml.jackson.databind.node.ObjectNode out = ApiReplies.JSON.valueToTree(
        io.callvault.cli.StatusCommand.snapshot(beans, now));
    StatusQueries queries = new StatusQueries(catalog);
    out.set("ingestedPerDay", byDay(queries.ingestedPerDay(from, now)));
    out.set("storedPerDay", byDay(queries.storedPerDay(from, now)));
    ApiReplies.json(ex, 200, out);
  }

  private static com.fasterxml.jackson.databind.JsonNode byDay(Map<java.time.LocalDate, Long> counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.forEach((day, n) -> out.put(day.toString(), n));
    return ApiReplies.JSON.valueToTree(out);
  }

  /** GET /api/quarantine: the quarantined files, per source, with their reasons; numbers in names and reasons redacted. */
  public void quarantine(Exchange ex) {
    List<Map<String, String>> out = catalog.quarantined().stream().map(ConsoleApi::redacted).toList();
    ApiReplies.json(ex, 200, out);
  }

  private static Map<String, String> redacted(QuarantineEntry q) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("sourceId", q.sourceId());
    m.put("file", PersonalData.redact(q.fileRef()));
    m.put("reason", PersonalData.redact(q.reason()));
    m.put("at", q.at() == null ? null : q.at().toString());
    return m;
  }
}
