package io.callvault.consent;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Builds the configured consent source, already wrapped in a {@link CachingConsentLookup}. */
public final class ConsentSources {
  private ConsentSources() {}

  /**
   * Reads the {@code consent.*} keys (see {@link ConsentSettings}) and builds the source.
   *
   * @throws io.callvault.config.ConfigException naming config/application.properties, each bad key
   *     and its fix
   */
  public static CachingConsentLookup fromProperties(Map<String, String> props, Path configDir) {
    io.callvault.source.PhoneNumbers numbers = new io.callvault.source.PhoneNumbers(
        props.getOrDefault("callvault.default-region", "GB"));
    return create(ConsentSettings.fromProperties(props, configDir), Clock.systemUTC(),
        subject -> numbers.e164(subject).orElse(subject));
  }

  /** Builds the source from checked settings, with the given clock (tests). */
  public static CachingConsentLookup create(ConsentSettings settings, Clock clock) {
    return create(settings, clock, java.util.function.UnaryOperator.identity());
  }

  /** As above; CSV subjects go through {@code normalise} (national numbers to E.164, as at ingest). */
  public static CachingConsentLookup create(ConsentSettings settings, Clock clock,
      java.util.function.UnaryOperator<String> normalise) {
    ConsentSource raw =
        switch (settings.kind()) {
          case CSV -> new CsvConsentSource(settings.csvFile(), normalise);
          case HTTP -> new HttpJsonConsentSource(settings.http());
        };
    return new CachingConsentLookup(
        raw, settings.cacheTtl(), settings.cacheMaxEntries(), clock);
  }
}
