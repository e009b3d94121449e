package io.callvault.camel;

import io.callvault.health.Dependencies;
import io.callvault.health.DependencyState;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness check of {@code /observe/health} on one dependency, as {@link Dependencies} knows it: checked again
 * every callvault.dependency-check-interval by the hub (S3 and its buckets, the catalog), by each poll of a drop
 * (its SFTP server, logged in), and by each consent question. No probe of its own: a failed check shows the cause
 * the dependency was marked down with, which names the setting to check and never a secret.
 */
final class DependencyHealthCheck extends AbstractHealthCheck {
  private final Dependencies dependencies;
  private final String dependency;
  private final String whenUnchecked;
  private final boolean upWhenUnchecked;

  /**
   * @param whenUnchecked what the check says before the dependency was first checked
   * @param upWhenUnchecked whether that counts as up (consent: no question asked yet) or down (a drop not polled yet)
   */
  DependencyHealthCheck(String id, Dependencies dependencies, String dependency, String whenUnchecked,
      boolean upWhenUnchecked) {
    super("callvault", id);
    this.dependencies = dependencies;
    this.dependency = dependency;
    this.whenUnchecked = whenUnchecked;
    this.upWhenUnchecked = upWhenUnchecked;
  }

  @Override
  public boolean isLiveness() {
    return false; // a dependency down makes the hub not ready; restarting it would not bring the dependency back
  }

  @Override
  protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
    builder.detail("dependency", dependency);
    Optional<DependencyState> state = dependencies.state(dependency);
    if (state.isEmpty()) {
      builder.message(whenUnchecked);
      if (upWhenUnchecked) {
        builder.up();
      } else {
        builder.down();
      }
      return;
    }
    DependencyState s = state.get();
    builder.detail("since", s.since().toString()).detail("checked.at", s.checkedAt().toString());
    if (s.up()) {
      builder.up();
    } else {
      builder.message(dependency + " is down: " + s.detail()).down();
    }
  }

  /**
   * Registers the readiness checks: S3 (every storage target's purpose buckets), each storage target on its own
   * ({@code callvault-storage-<target>}), the catalog, the consent source, and one per PBX drop ({@code callvault-sftp-<sourceId>}) of the routes the context runs.
   */
  static void registerAll(CamelContext context, Dependencies dependencies, io.callvault.health.StorageChecks storage) {
    HealthCheckRegistry registry = HealthCheckRegistry.get(context);
    if (registry == null) {
      return;
    }
    registry.register(new DependencyHealthCheck("callvault-storage", dependencies, "s3",
        "not checked yet", false));
    if (storage != null) {
      storage.targets().forEach(t -> registry.register(new StorageTargetCheck(t, storage)));
    }
    registry.register(new DependencyHealthCheck("callvault-catalog", dependencies, "catalog",
        "not checked yet", false));
    registry.register(new DependencyHealthCheck("callvault-consent", dependencies, "consent",
        "no consent question asked yet", true));
    context.getRoutes().stream().filter(r -> r.getEndpoint() instanceof SftpEndpoint)
        .map(r -> DropFiles.sourceId(context, r.getRouteId())).distinct()
        .forEach(source -> registry.register(new DependencyHealthCheck("callvault-sftp-" + source, dependencies,
            io.callvault.ingest.CatalogStep.sftpDependency(source), "not polled yet", false)));
  }

  /** One storage target's buckets, as the last run of the storage checks found them. */
  static final class StorageTargetCheck extends AbstractHealthCheck {
    private final String target;
    private final io.callvault.health.StorageChecks storage;

    StorageTargetCheck(String target, io.callvault.health.StorageChecks storage) {
      super("callvault", "callvault-storage-" + target);
      this.target = target;
      this.storage = storage;
    }

    @Override
    public boolean isLiveness() {
      return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
      builder.detail("target", target);
      Optional<String> down = storage.downReason(target);
      if (down == null) {
        builder.message("not checked yet").down();
      } else if (down.isPresent()) {
        builder.message("storage target " + target + " is down: " + down.get()).down();
      } else {
        builder.up();
      }
    }
  }
}
