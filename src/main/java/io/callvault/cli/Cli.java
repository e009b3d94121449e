package io.callvault.cli;

import io.callvault.audit.AnchorKeys;
import io.callvault.camel.Hub;
import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import io.callvault.config.Settings;
import io.callvault.crypto.KeyPairs;
import io.callvault.demo.DemoRunner;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
        hold place (--recording ID | --subject NUMBER | --case ID) --reason TEXT --by WHO --review YYYY-MM-DD [--demo]
        hold release <hold-id> --by WHO [--demo]
        hold list [--all] [--demo]
        fulfil <recording-id> <purpose> [--by WHO] [--demo]
                                mark a copy's purpose met: it is kept at most the purpose's on-fulfilment longer
        audit verify [--anchors DIR] [--public-key FILE]
                                check the audit trail's hash chain and its signed anchors; names the
                                first broken link or the anchor a rewrite or cut contradicts
        audit anchor            sign the trail's head now and write the anchor (the hub does it on audit.anchor.cron)
        audit anchor-key <file> make an Ed25519 anchor signing key (<file>, PKCS#8 PEM) and its public key (<file>.pub)
        audit export [--out F]  write the audit trail as JSON lines (to F, default standard output)
        status [--json] [--demo]
                                per drop, purpose, the last sweep, erasures pending and the audit trail, as of now
        notice [--lang fr|en] [--format text|html|ssml] [--ivr]
                                the GDPR Art. 13 information from policies.yaml: text, a privacy-page section
                                (html), or the IVR script (--ivr, or ssml)
        record-of-processing [--format md|csv] [--lang fr|en]
                                the GDPR Art. 30 record of the recording processing
      options: --config <dir> (default config), --routes <dir> (default routes), both from the working directory;
               relative paths inside the config files start at the config directory
      """;

  /** Exit code when a dependency the command cannot do without is unreachable (sysexits.h EX_TEMPFAIL). */
  public static final int TEMPORARY_FAILURE = 75;

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
        case "run" -> runHub(configDir, routesDir);
        case "demo" -> new DemoRunner(out, DEMO_HOME, configDir, routesDir, Cli::inHub)
            .run(args.contains("--keep-running"));
        case "check-config" -> new CheckConfig(out).run(configDir, routesDir);
        case "keys" -> keys(args, configDir);
        case "notice" -> new NoticeCommands(out, err).notice(args, configDir);
        case "record-of-processing" -> new NoticeCommands(out, err).recordOfProcessing(args, configDir, routesDir);
        case "audit", "sweep", "hold", "fulfil", "status" -> catalogCommand(argv, args, configDir);
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
    } catch (io.callvault.catalog.CatalogUnavailableException e) {
      err.println("callvault cannot start: " + e.getMessage());
      err.println("Exit code " + TEMPORARY_FAILURE + " (temporary failure): nothing is lost, the files stay in the drops;"
          + " a service manager restarts it (systemd Restart=on-failure, Kubernetes).");
      return TEMPORARY_FAILURE;
    } catch (Exception e) {
      err.println("callvault failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
  }

  private int runHub(Path configDir, Path routesDir) throws Exception {
    Settings settings = Settings.load(configDir.resolve("application.properties"), Map.of());
    List<ConfigProblem> routeProblems = io.callvault.camel.RouteValidation.problems(routesDir, settings);
    if (!routeProblems.isEmpty()) { // the files check-config checks, as Camel reads them, before anything starts
      throw new ConfigException(routeProblems);
    }
    Hub.create(settings, routesDir, Clock.systemUTC()).serveCommands(Cli::inHub).runUntilStopped();
    return 0;
  }

  /**
   * A command on the catalog: sent to the running hub when one holds this H2 catalog (through its control
   * socket), else run here on a catalog that must already exist.
   */
  private int catalogCommand(String[] argv, List<String> args, Path configDir) throws Exception {
    if (args.size() == 3 && args.get(0).equals("audit") && args.get(1).equals("anchor-key")) {
      return anchorKey(Path.of(args.get(2)));
    }
    boolean demo = args.contains("--demo");
    String url = demo ? io.callvault.demo.DemoProfile.catalogUrl(DEMO_HOME)
        : Settings.load(configDir.resolve("application.properties"), Map.of())
            .get("catalog.url", io.callvault.catalog.CatalogSettings.DEFAULT_URL);
    java.util.Optional<Path> socket = ControlSocket.pathFor(url);
    if (socket.isPresent()) {
      List<String> forwarded = new java.util.ArrayList<>(args);
      forwarded.remove("--demo");
      java.util.Optional<Integer> code = ControlSocket.forward(socket.get(), forwarded, out, err);
      if (code.isPresent()) {
        return code.get();
      }
    }
    CatalogCommands commands = new CatalogCommands(out, err);
    if (args.get(0).equals("audit")) {
      return commands.audit(args, CatalogCommands.localAudit(configDir, demo));
    }
    return commands.run(args, CatalogCommands.localBeans(configDir, demo, DEMO_HOME));
  }

  /** Runs a command that a {@code ./callvault} process sent to this hub; only catalog commands run here. */
  public static int inHub(io.callvault.camel.CallvaultBeans beans, List<String> args, PrintStream out, PrintStream err)
      throws Exception {
    List<String> rest = new java.util.ArrayList<>(args);
    CatalogCommands commands = new CatalogCommands(out, err);
    if (rest.isEmpty()) {
      err.println("no command");
      return 2;
    }
    if (rest.get(0).equals("audit")) {
      return commands.audit(rest, CatalogCommands.hubAudit(beans));
    }
    if (List.of("sweep", "hold", "fulfil", "status").contains(rest.get(0))) {
      return commands.run(rest, CatalogCommands.hubBeans(beans));
    }
    err.println("'" + rest.get(0) + "' does not run through a hub; only audit, sweep, hold, fulfil and status do");
    return 2;
  }

  static final Path DEMO_HOME = Path.of("data", "demo").toAbsolutePath();

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
    io.callvault.config.PrivateFiles.directories(secretDir);
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

  static String option(List<String> args, String name, String defaultValue) {
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
