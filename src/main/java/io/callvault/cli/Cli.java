package io.callvault.cli;

import io.callvault.audit.AnchorKeys;
import io.callvault.audit.AnchorSettings;
import io.callvault.audit.AuditAnchors;
import io.callvault.audit.AuditTrail;
import io.callvault.audit.VerifyResult;
import io.callvault.camel.CallvaultBeans;
import io.callvault.camel.Hub;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import io.callvault.config.Settings;
import io.callvault.crypto.KeyPairs;
import io.callvault.demo.DemoRunner;
import io.callvault.store.ObjectStore;
import io.callvault.store.S3Clients;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** The commands of {@code ./callvault}. Returns process exit codes; prints for humans. */
public final class Cli {
  private static final String USAGE = """
      usage: ./callvault <command>
        run                     start the hub with config/ and routes/
        demo [--keep-running]   the whole ingest on embedded SFTP, S3 and CSV consent; prints a summary
        check-config            validate config/ and routes/; prints every problem with its fix
        keys generate <name>    make an OpenPGP key pair for a purpose's recipients
        sweep [--dry-run] [--clock-offset P7M] [--demo]
                                one retention sweep now (the schedule runs it on retention.cron);
                                --clock-offset pretends it is later (testing); --demo uses the demo's data
        hold place (--recording ID | --subject NUMBER | --case ID) --reason TEXT --by WHO [--review YYYY-MM-DD] [--demo]
        hold release <hold-id> --by WHO [--demo]
        hold list [--all] [--demo]
        audit verify [--anchors DIR] [--public-key FILE]
                                check the audit trail's hash chain and its signed anchors; names the
                                first broken link or the anchor a rewrite or cut contradicts
        audit anchor            sign the trail's head now and write the anchor (the hub does it on audit.anchor.cron)
        audit anchor-key <file> make an Ed25519 anchor signing key (<file>, PKCS#8 PEM) and its public key (<file>.pub)
        audit export [--out F]  write the audit trail as JSON lines (to F, default standard output)
      options: --config <dir> (default config), --routes <dir> (default routes)
      """;

  private final PrintStream out;
  private final PrintStream err;

  public Cli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public int run(String[] argv) {
    List<String> args = new java.util.ArrayList<>(Arrays.asList(argv));
    Path configDir = Path.of(option(args, "--config", "config"));
    Path routesDir = Path.of(option(args, "--routes", "routes"));
    if (args.isEmpty()) {
      err.print(USAGE);
      return 2;
    }
    try {
      return switch (args.get(0)) {
        case "run" -> runHub(configDir);
        case "demo" -> new DemoRunner(out, Path.of("data", "demo"), configDir, routesDir)
            .run(args.contains("--keep-running"));
        case "check-config" -> new CheckConfig(out).run(configDir, routesDir);
        case "keys" -> keys(args, configDir);
        case "audit" -> audit(args, configDir);
        case "sweep" -> sweep(args, configDir);
        case "hold" -> hold(args, configDir);
        case "help", "--help", "-h" -> {
          out.print(USAGE);
          yield 0;
        }
        default -> {
          err.println("unknown command '" + args.get(0) + "'");
          err.print(USAGE);
          yield 2;
        }
      };
    } catch (ConfigException e) {
      err.println("callvault cannot start: the configuration has " + e.problems().size() + " problem(s):");
      for (ConfigProblem p : e.problems()) {
        err.println("  " + p.toString().replace("\n", "\n  "));
      }
      err.println("Run ./callvault check-config for a full report.");
      return 1;
    } catch (Exception e) {
      err.println("callvault failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
  }

  private int runHub(Path configDir) throws Exception {
    Settings settings = Settings.load(configDir.resolve("application.properties"), Map.of());
    Hub.create(settings, Clock.systemUTC()).runUntilStopped();
    return 0;
  }

  private int keys(List<String> args, Path configDir) throws Exception {
    if (args.size() != 3 || !args.get(1).equals("generate")) {
      err.println("usage: ./callvault keys generate <name>");
      return 2;
    }
    String name = args.get(2);
    if (!name.matches("[A-Za-z0-9._-]+")) {
      err.println("key name must be letters, digits, '.', '_' or '-': " + name);
      return 2;
    }
    Path secretDir = configDir.toAbsolutePath().getParent().resolve("data").resolve("keys");
    Files.createDirectories(secretDir);
    Path publicDir = configDir.resolve("keys");
    Files.createDirectories(publicDir);
    if (Files.exists(publicDir.resolve(name + ".pub.asc"))) {
      err.println(publicDir.resolve(name + ".pub.asc") + " exists already; remove it first to make a new key");
      return 1;
    }
    io.callvault.crypto.GeneratedKey key = KeyPairs.generate(name, "callvault " + name + " <" + name + "@callvault.invalid>", secretDir);
    Path pub = publicDir.resolve(name + ".pub.asc");
    Files.move(key.publicKeyFile(), pub, StandardCopyOption.REPLACE_EXISTING);
    out.println("public key:  " + pub + "   (reference it in config/policies.yaml recipients)");
    out.println("secret key:  " + key.secretKeyFile() + "   (UNPROTECTED: give it to its holder, then delete it here)");
    out.println("fingerprint: " + key.fingerprint());
    return 0;
  }

  private int audit(List<String> args, Path configDir) throws Exception {
    String out = option(args, "--out", null);
    String anchorDir = option(args, "--anchors", null);
    String publicKey = option(args, "--public-key", null);
    if (args.size() == 3 && args.get(1).equals("anchor-key")) {
      return anchorKey(Path.of(args.get(2)));
    }
    if (args.size() != 2 || !List.of("verify", "export", "anchor").contains(args.get(1))) {
      err.println("usage: ./callvault audit verify [--anchors DIR] [--public-key FILE] | audit export [--out FILE]"
          + " | audit anchor | audit anchor-key <file>");
      return 2;
    }
    Settings settings = Settings.load(configDir.resolve("application.properties"), Map.of());
    try (Catalog catalog = Catalog.open(new CatalogSettings(
        settings.get("catalog.url", CatalogSettings.DEFAULT_URL),
        settings.get("catalog.user", "sa"),
        settings.get("catalog.password", "")))) {
      AuditTrail trail = new AuditTrail(catalog.dataSource(), Clock.systemUTC());
      if (!args.get(1).equals("export")) {
        return anchored(args.get(1), settings, trail, anchorDir, publicKey);
      }
      if (out == null) {
        long n = trail.exportJsonLines(this.out);
        this.out.flush();
        err.println(n + " audit entries exported");
      } else {
        try (OutputStream file = Files.newOutputStream(Path.of(out))) {
          long n = trail.exportJsonLines(file);
          this.out.println(n + " audit entries exported to " + out);
        }
      }
      return 0;
    }
  }

  /** {@code audit verify} and {@code audit anchor}: the trail with its anchors (an S3 client only when needed). */
  private int anchored(String verb, Settings settings, AuditTrail trail, String dir, String publicKey) {
    AnchorSettings s = AnchorSettings.from(settings);
    s = dir == null ? s : s.withDir(Path.of(dir));
    s = publicKey == null ? s : s.withPublicKeys(publicKey);
    try (S3Client s3 = s.bucket() == null ? null : S3Clients.build(CallvaultBeans.s3Settings(settings))) {
      AuditAnchors anchors = AuditAnchors.open(s, trail, s3 == null ? null : new ObjectStore(s3), Clock.systemUTC(),
          verb.equals("anchor"));
      if (verb.equals("anchor")) {
        var anchor = anchors.anchorNow(AuditAnchors.MANUAL);
        this.out.println(anchor.map(a -> "anchored " + a.describe() + " in " + String.join(", ", anchors.places()))
            .orElse("nothing to anchor: the audit trail is empty"));
        return 0;
      }
      VerifyResult result = anchors.verify();
      (result.intact() ? this.out : err).println(result.describe());
      return result.intact() ? 0 : 1;
    }
  }

  private int anchorKey(Path file) throws Exception {
    Path pub = file.resolveSibling(file.getFileName() + ".pub");
    if (Files.exists(file) || Files.exists(pub)) {
      err.println((Files.exists(file) ? file : pub) + " exists already; choose another name or remove it first");
      return 1;
    }
    KeyPair pair = AnchorKeys.generate();
    AnchorKeys.writeNew(file, AnchorKeys.privatePem(pair.getPrivate()), true);
    AnchorKeys.writeNew(pub, AnchorKeys.publicPem(pair.getPublic()), false);
    out.println("signing key: " + file + "   (rw-------: move it to a secret mount; audit.anchor.signing-key=" + file + ")");
    out.println("public key:  " + pub + "   (give it to auditors; audit.anchor.public-key=" + pub + ")");
    out.println("key id:      " + AnchorKeys.keyId(pair.getPublic()));
    return 0;
  }

  /** Builds the hub's beans without starting Camel, on config/ or on the demo's data. */
  private <T> T withBeans(List<String> args, Path configDir, Clock clock, BeanWork<T> work) throws Exception {
    boolean demo = args.remove("--demo");
    if (demo) {
      try (io.callvault.demo.DemoProfile profile = io.callvault.demo.DemoProfile.open(Path.of("data", "demo"), configDir);
          io.callvault.camel.CallvaultBeans beans = new io.callvault.camel.CallvaultBeans(profile.settings(), clock)) {
        return work.run(beans);
      }
    }
    Settings settings = Settings.load(configDir.resolve("application.properties"), Map.of("camel.server.enabled", "false"));
    try (io.callvault.camel.CallvaultBeans beans = new io.callvault.camel.CallvaultBeans(settings, clock)) {
      return work.run(beans);
    }
  }

  @FunctionalInterface
  private interface BeanWork<T> {
    T run(io.callvault.camel.CallvaultBeans beans) throws Exception;
  }

  private int sweep(List<String> args, Path configDir) throws Exception {
    boolean dryRun = args.remove("--dry-run");
    String offset = option(args, "--clock-offset", null);
    Clock clock = Clock.systemUTC();
    if (offset != null) {
      java.time.Instant now = clock.instant();
      java.time.Instant later = now.atZone(java.time.ZoneOffset.UTC).plus(java.time.Period.parse(offset)).toInstant();
      clock = Clock.offset(clock, java.time.Duration.between(now, later));
      out.println("clock moved forward by " + offset + " for this sweep: now is " + clock.instant());
    }
    Clock sweepClock = clock;
    return withBeans(args, configDir, sweepClock, beans -> {
      var report = io.callvault.camel.RetentionSweepProcessor.run(beans.retentionSweeper(), beans.auditTrail(), dryRun);
      out.println(report.render());
      out.println("copies still stored" + (dryRun ? " (before this dry run)" : "") + ", per purpose: "
          + beans.catalog().copyCountsByPurpose());
      return report.errors().isEmpty() ? 0 : 1;
    });
  }

  private int hold(List<String> args, Path configDir) throws Exception {
    String recording = option(args, "--recording", null);
    String subject = option(args, "--subject", null);
    String caseId = option(args, "--case", null);
    String reason = option(args, "--reason", null);
    String by = option(args, "--by", null);
    String review = option(args, "--review", null);
    boolean all = args.remove("--all");
    String verb = args.size() > 1 ? args.get(1) : "";
    return withBeans(args, configDir, Clock.systemUTC(), beans -> {
      var holds = beans.holds();
      switch (verb) {
        case "place" -> {
          int given = (recording != null ? 1 : 0) + (subject != null ? 1 : 0) + (caseId != null ? 1 : 0);
          if (given != 1 || reason == null || by == null) {
            err.println("usage: ./callvault hold place (--recording ID | --subject NUMBER | --case ID) --reason TEXT --by WHO [--review YYYY-MM-DD]");
            return 2;
          }
          io.callvault.retention.HoldScope scope = recording != null ? io.callvault.retention.HoldScope.RECORDING
              : subject != null ? io.callvault.retention.HoldScope.SUBJECT : io.callvault.retention.HoldScope.CASE;
          String target = recording != null ? recording : subject != null ? beans.subjectRights().subjectKey(subject) : caseId;
          java.time.Instant reviewAt = review == null ? null
              : java.time.LocalDate.parse(review).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
          String id = holds.place(scope, target, reason, by, reviewAt);
          beans.auditTrail().append(by, io.callvault.audit.AuditAction.HOLD_PLACED, id, scope + " hold");
          out.println("hold " + id + " placed on " + scope.name().toLowerCase(java.util.Locale.ROOT)
              + (scope == io.callvault.retention.HoldScope.SUBJECT ? " (subject key " + target.substring(0, 12) + "...)" : " " + target));
          return 0;
        }
        case "release" -> {
          if (args.size() != 3 || by == null) {
            err.println("usage: ./callvault hold release <hold-id> --by WHO");
            return 2;
          }
          var released = holds.release(args.get(2), by);
          beans.auditTrail().append(by, io.callvault.audit.AuditAction.HOLD_RELEASED, released.id(), "released");
          out.println("hold " + released.id() + " released");
          return 0;
        }
        case "list" -> {
          var list = holds.list(!all);
          if (list.isEmpty()) {
            out.println(all ? "no holds" : "no active holds");
          }
          list.forEach(h -> out.println(h.describe()));
          return 0;
        }
        default -> {
          err.println("usage: ./callvault hold place|release|list ...");
          return 2;
        }
      }
    });
  }

  private static String option(List<String> args, String name, String defaultValue) {
    int i = args.indexOf(name);
    if (i < 0 || i + 1 >= args.size()) {
      return defaultValue;
    }
    String value = args.get(i + 1);
    args.remove(i + 1);
    args.remove(i);
    return value;
  }
}
