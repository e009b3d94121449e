package io.callvault.cli;

import io.callvault.config.ConfigPaths;
import io.callvault.config.PbxSources;
import io.callvault.config.Settings;
import io.callvault.notice.Controller;
import io.callvault.notice.Language;
import io.callvault.notice.Notice;
import io.callvault.notice.RecordOfProcessing;
import io.callvault.notice.Safeguards;
import io.callvault.policy.Policies;
import io.callvault.policy.PolicySet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./callvault notice} (the Art. 13 information, as text, a privacy-page HTML section or an IVR script) and
 * {@code ./callvault record-of-processing} (the Art. 30 record, as Markdown or CSV). Both read the configuration
 * only: they need no catalog and no running hub, and print to standard output.
 */
final class NoticeCommands {
  static final String NOTICE_USAGE = "usage: ./callvault notice [--lang fr|en] [--format text|html|ssml] [--ivr]";
  static final String RECORD_USAGE = "usage: ./callvault record-of-processing [--format md|csv] [--lang fr|en]";

  private final PrintStream out;
  private final PrintStream err;

  NoticeCommands(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int notice(List<String> argv, Path configDir) {
    List<String> args = new ArrayList<>(argv);
    String lang = Cli.option(args, "--lang", "en");
    String format = Cli.option(args, "--format", "text");
    boolean ivr = args.remove("--ivr");
    if (args.size() != 1 || !List.of("text", "html", "ssml").contains(format) || (ivr && format.equals("html"))) {
      return usage(NOTICE_USAGE + "\n  --ivr: the short script an IVR plays (text, or ssml); html: a privacy-page"
          + " section", args);
    }
    Language language = language(lang);
    if (language == null) {
      return 2;
    }
    Settings settings = settings(configDir);
    Path policiesFile = policiesFile(settings);
    Notice notice = Notice.of(load(policiesFile), policiesFile.toString(), Controller.from(settings), language,
        settings.flag("callvault.masking.enabled", true));
    out.print(switch (format) {
      case "html" -> notice.html();
      case "ssml" -> notice.ssml();
      default -> ivr ? notice.ivr() : notice.text();
    });
    return 0;
  }

  int recordOfProcessing(List<String> argv, Path configDir, Path routesDir) {
    List<String> args = new ArrayList<>(argv);
    String format = Cli.option(args, "--format", "md");
    String lang = Cli.option(args, "--lang", "en");
    if (args.size() != 1 || !List.of("md", "csv").contains(format)) {
      return usage(RECORD_USAGE, args);
    }
    Language language = language(lang);
    if (language == null) {
      return 2;
    }
    Settings settings = settings(configDir);
    RecordOfProcessing record = new RecordOfProcessing(Controller.from(settings), load(policiesFile(settings)),
        Safeguards.from(settings, PbxSources.read(routesDir)), language);
    out.print(format.equals("csv") ? record.csv() : record.markdown());
    return 0;
  }

  private int usage(String usage, List<String> rest) {
    if (rest.size() > 1) {
      err.println("unexpected: " + String.join(" ", rest.subList(1, rest.size())));
    }
    err.println(usage);
    return 2;
  }

  private Language language(String code) {
    try {
      return Language.of(code);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return null;
    }
  }

  private static Settings settings(Path configDir) {
    return Settings.load(configDir.resolve("application.properties"), Map.of());
  }

  private static Path policiesFile(Settings settings) {
    return settings.path("callvault.policies", ConfigPaths.DEFAULT_POLICIES);
  }

  private static PolicySet load(Path policiesFile) {
    return Policies.load(policiesFile, policiesFile.toAbsolutePath().getParent());
  }
}
