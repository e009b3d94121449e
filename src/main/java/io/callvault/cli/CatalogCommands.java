package io.callvault.cli;

import io.callvault.audit.AnchorSettings;
import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditAnchors;
import io.callvault.audit.AuditTrail;
import io.callvault.audit.VerifyResult;
import io.callvault.camel.CallvaultBeans;
import io.callvault.camel.RetentionSweepProcessor;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.config.Settings;
import io.callvault.demo.DemoProfile;
import io.callvault.retention.HoldScope;
import io.callvault.store.ObjectStore;
import io.callvault.store.S3Clients;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code audit}, {@code sweep}, {@code hold} and {@code fulfil}: the commands that work on the catalog. They run in the
 * {@code ./callvault} process on a catalog that exists already, or inside a running hub that holds an H2
 * catalog (see {@link ControlSocket}), on that hub's beans.
 */
final class CatalogCommands {
  /** Runs work on the beans of the hub (in the hub, or built here without starting Camel). */
  interface Beans {
    <T> T with(Clock clock, BeanWork<T> work) throws Exception;
  }

  @FunctionalInterface
  interface BeanWork<T> {
    T run(CallvaultBeans beans) throws Exception;
  }

  /** The audit trail and its anchors, in this process or in the hub. */
  interface Audit {
    /**
     * Runs work on the trail's anchors: those of the settings, with the anchor folder and trusted public keys
     * replaced when {@code dir} or {@code publicKey} are given; {@code sign} when the work writes an anchor.
     */
    int with(String dir, String publicKey, boolean sign, AuditWork work) throws Exception;
  }

  @FunctionalInterface
  interface AuditWork {
    int run(AuditTrail trail, AuditAnchors anchors) throws Exception;
  }

  private final PrintStream out;
  private final PrintStream err;

  CatalogCommands(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** The audit trail of the catalog that {@code configDir} (or the demo) names; the catalog must exist. */
  static Audit localAudit(Path configDir, boolean demo) {
    return (dir, publicKey, sign, work) -> {
      Settings settings = demo
          ? Settings.load(configDir.resolve("application.properties"), DemoProfile.overrides(Cli.DEMO_HOME))
          : Settings.load(configDir.resolve("application.properties"), Map.of());
      CatalogSettings catalogSettings = new CatalogSettings(settings.get("catalog.url", CatalogSettings.DEFAULT_URL),
          settings.get("catalog.user", "sa"), settings.get("catalog.password", ""));
      AnchorSettings anchorSettings = anchorSettings(AnchorSettings.from(settings), dir, publicKey);
      try (Catalog catalog = Catalog.openExisting(catalogSettings);
          S3Client s3 = anchorSettings.bucket() == null ? null : S3Clients.build(CallvaultBeans.s3Settings(settings))) {
        AuditTrail trail = new AuditTrail(catalog, Clock.systemUTC());
        return work.run(trail, AuditAnchors.open(anchorSettings, trail, s3 == null ? null : new ObjectStore(s3),
            Clock.systemUTC(), sign));
      }
    };
  }

  /** The running hub's trail and anchors (other anchor folders or keys are read with the hub's store). */
  static Audit hubAudit(CallvaultBeans hub) {
    return (dir, publicKey, sign, work) -> {
      if (dir == null && publicKey == null) {
        return work.run(hub.auditTrail(), hub.auditAnchors());
      }
      AnchorSettings s = anchorSettings(AnchorSettings.from(hub.settings()), dir, publicKey);
      return work.run(hub.auditTrail(), AuditAnchors.open(s, hub.auditTrail(), hub.objectStore(), Clock.systemUTC(), sign));
    };
  }

  private static AnchorSettings anchorSettings(AnchorSettings s, String dir, String publicKey) {
    AnchorSettings withDir = dir == null ? s : s.withDir(Path.of(dir));
    return publicKey == null ? withDir : withDir.withPublicKeys(publicKey);
  }

  /** The hub's beans built here, on config/ or on the demo's data, without starting Camel. */
  static Beans localBeans(Path configDir, boolean demo, Path demoHome) {
    return new Beans() {
      @Override
      public <T> T with(Clock clock, BeanWork<T> work) throws Exception {
        if (demo) {
          try (DemoProfile profile = DemoProfile.open(demoHome, configDir);
              CallvaultBeans beans = CallvaultBeans.forCommands(profile.settings(), clock)) {
            return work.run(beans);
          }
        }
        Settings settings = Settings.load(configDir.resolve("application.properties"),
            Map.of("camel.server.enabled", "false"));
        try (CallvaultBeans beans = CallvaultBeans.forCommands(settings, clock)) {
          return work.run(beans);
        }
      }
    };
  }

  /** The running hub's own beans; they keep the hub's clock. */
  static Beans hubBeans(CallvaultBeans hub) {
    return new Beans() {
      @Override
      public <T> T with(Clock clock, BeanWork<T> work) throws Exception {
        if (Duration.between(Clock.systemUTC().instant(), clock.instant()).abs().toMinutes() > 1) {
          throw new IllegalArgumentException("--clock-offset works only while no hub runs on this catalog:"
              + " stop the hub first");
        }
        return work.run(hub);
      }
    };
  }

  int audit(List<String> args, Audit audit) throws Exception {
    String file = Cli.option(args, "--out", null);
    String dir = Cli.option(args, "--anchors", null);
    String publicKey = Cli.option(args, "--public-key", null);
    args.remove("--demo");
    if (args.size() != 2 || !List.of("verify", "export", "anchor").contains(args.get(1))) {
      err.println("usage: ./callvault audit verify [--anchors DIR] [--public-key FILE] | audit export [--out FILE]"
          + " | audit anchor | audit anchor-key <file>");
      return 2;
    }
    String verb = args.get(1);
    return audit.with(dir, publicKey, verb.equals("anchor"), (trail, anchors) -> switch (verb) {
      case "anchor" -> {
        var anchor = anchors.anchorNow(AuditAnchors.MANUAL);
        out.println(anchor.map(a -> "anchored " + a.describe() + " in " + String.join(", ", anchors.places()))
            .orElse("nothing to anchor: the audit trail is empty or its head is anchored already"));
        yield 0;
      }
      case "verify" -> {
        VerifyResult result = anchors.verify();
        (result.intact() ? out : err).println(result.describe());
        yield result.intact() ? 0 : 1;
      }
      default -> export(trail, file);
    });
  }

  private int export(AuditTrail trail, String file) throws Exception {
    if (file == null) {
      long n = trail.exportJsonLines(out);
      out.flush();
      err.println(n + " audit entries exported");
    } else {
      try (OutputStream stream = Files.newOutputStream(Path.of(file))) {
        long n = trail.exportJsonLines(stream);
        out.println(n + " audit entries exported to " + file);
      }
    }
    return 0;
  }

  /** {@code sweep}, {@code hold} or {@code fulfil}. */
  int run(List<String> args, Beans beans) throws Exception {
    args.remove("--demo");
    if (args.get(0).equals("status")) {
      return beans.with(Clock.systemUTC(), b -> new StatusCommand(out).run(args, b));
    }
    return switch (args.get(0)) {
      case "sweep" -> sweep(args, beans);
      case "fulfil" -> fulfil(args, beans);
      default -> hold(args, beans);
    };
  }

  /** {@code fulfil <recording-id> <purpose> [--by WHO]}: exit 1 with the reason when it cannot be marked. */
  private int fulfil(List<String> args, Beans beans) throws Exception {
    String by = Cli.option(args, "--by", "callvault-cli");
    int at = args.indexOf("--by");
    if (at >= 0) {
      args.subList(at, Math.min(at + 2, args.size())).clear();
    }
    if (args.size() != 3) {
      err.println("usage: ./callvault fulfil <recording-id> <purpose> [--by WHO]");
      return 2;
    }
    return beans.with(Clock.systemUTC(), b -> {
      try {
        out.println(b.fulfilment().fulfil(args.get(1), args.get(2), by).describe());
        return 0;
      } catch (io.callvault.retention.Fulfilment.NoSuchCopyException
          | io.callvault.retention.Fulfilment.NotFulfillableException e) {
        err.println("cannot mark it fulfilled: " + e.getMessage());
        return 1;
      }
    });
  }

  private int sweep(List<String> args, Beans beans) throws Exception {
    boolean dryRun = args.remove("--dry-run");
    String offset = Cli.option(args, "--clock-offset", null);
    Clock clock = Clock.systemUTC();
    if (offset != null) {
      Instant now = clock.instant();
      Instant later = now.atZone(ZoneOffset.UTC).plus(Period.parse(offset)).toInstant();
      clock = Clock.offset(clock, Duration.between(now, later));
      out.println("clock moved forward by " + offset + " for this sweep: now is " + clock.instant());
    }
    return beans.with(clock, b -> {
      var report = RetentionSweepProcessor.run(b.retentionSweeper(), b.auditTrail(), dryRun);
      out.println(report.render());
      out.println("copies still stored" + (dryRun ? " (before this dry run)" : "") + ", per purpose: "
          + b.catalog().copyCountsByPurpose());
      return report.errors().isEmpty() ? 0 : 1;
    });
  }

  private int hold(List<String> args, Beans beans) throws Exception {
    String recording = Cli.option(args, "--recording", null);
    String subject = Cli.option(args, "--subject", null);
    String caseId = Cli.option(args, "--case", null);
    String reason = Cli.option(args, "--reason", null);
    String by = Cli.option(args, "--by", null);
    String review = Cli.option(args, "--review", null);
    boolean all = args.remove("--all");
    String verb = args.size() > 1 ? args.get(1) : "";
    return switch (verb) {
      case "place" -> {
        int given = (recording != null ? 1 : 0) + (subject != null ? 1 : 0) + (caseId != null ? 1 : 0);
        if (given != 1 || reason == null || by == null || review == null) {
          err.println("usage: ./callvault hold place (--recording ID | --subject NUMBER | --case ID) --reason TEXT"
              + " --by WHO --review YYYY-MM-DD");
          yield 2;
        }
        HoldScope scope = recording != null ? HoldScope.RECORDING : subject != null ? HoldScope.SUBJECT : HoldScope.CASE;
        yield beans.with(Clock.systemUTC(), b -> place(b, scope, recording != null ? recording : subject != null
            ? subject : caseId, reason, by, review));
      }
      case "release" -> {
        if (args.size() != 3 || by == null) {
          err.println("usage: ./callvault hold release <hold-id> --by WHO");
          yield 2;
        }
        yield beans.with(Clock.systemUTC(), b -> {
          var released = b.holds().release(args.get(2), by);
          b.auditTrail().append(by, AuditAction.HOLD_RELEASED, released.id(), "released");
          out.println("hold " + released.id() + " released");
          return 0;
        });
      }
      case "list" -> beans.with(Clock.systemUTC(), b -> {
        var list = b.holds().list(!all);
        if (list.isEmpty()) {
          out.println(all ? "no holds" : "no active holds");
        }
        list.forEach(h -> out.println(h.describe()));
        return 0;
      });
      default -> {
        err.println("usage: ./callvault hold place|release|list ...");
        yield 2;
      }
    };
  }

  private int place(CallvaultBeans b, HoldScope scope, String given, String reason, String by, String review) {
    String target = scope == HoldScope.SUBJECT ? b.subjectRights().subjectKey(given) : given;
    Instant reviewAt = review == null ? null : LocalDate.parse(review).atStartOfDay(ZoneOffset.UTC).toInstant();
    String id = b.holds().place(scope, target, reason, by, reviewAt);
    b.auditTrail().append(by, AuditAction.HOLD_PLACED, id, scope + " hold");
    out.println("hold " + id + " placed on " + scope.name().toLowerCase(Locale.ROOT)
        + (scope == HoldScope.SUBJECT ? " (subject key " + target.substring(0, 12) + "...)" : " " + target));
    return 0;
  }
}
