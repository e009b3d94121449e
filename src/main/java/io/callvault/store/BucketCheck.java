package io.callvault.store;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import io.callvault.health.DependencyDownException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The hub's S3 check, at start and then on the dependency watch: every purpose's bucket exists (created when
 * {@code s3.create-buckets=true}). It sorts what can go wrong into what may pass by itself (S3 unreachable,
 * 5xx, a bucket not created yet: {@link DependencyDownException}, the hub runs on) and what a person must fix
 * in the configuration (credentials refused, wrong region, a bucket name owned by someone else:
 * {@link ConfigException} naming the key and the fix, which stops the start).
 */
public final class BucketCheck {
  /** One bucket to check, and the purpose that uses it (named in messages). */
  public record Target(String bucket, String purpose, boolean objectLock) {}

  private final ObjectStore store;
  private final List<Target> targets;
  private final boolean create;
  private final String endpoint;
  private final String settingsFile;

  /**
   * @param endpoint how to name the S3 service in messages, e.g. {@code http://minio:9000 (s3.endpoint)}
   * @param settingsFile the properties file that configuration errors name
   */
  public BucketCheck(ObjectStore store, List<Target> targets, boolean create, String endpoint, String settingsFile) {
    this.store = Objects.requireNonNull(store, "store");
    this.targets = List.copyOf(targets);
    this.create = create;
    this.endpoint = endpoint;
    this.settingsFile = settingsFile;
  }

  /**
   * @throws DependencyDownException when S3 cannot be used now but may come back
   * @throws ConfigException when the configuration must be fixed
   */
  public void run() {
    for (Target t : targets) {
      try {
        if (create) {
          store.ensureBucket(t.bucket(), t.objectLock());
        } else if (!store.bucketExists(t.bucket())) {
          throw new DependencyDownException("bucket " + t.bucket() + " of purpose " + t.purpose() + " does not exist"
              + " at " + endpoint + ": create it (with Object Lock if the purpose has object-lock), or set"
              + " s3.create-buckets=true");
        }
      } catch (StoreException e) {
        throw classify(t, e);
      }
    }
  }

  private RuntimeException classify(Target t, StoreException e) {
    Throwable cause = e.getCause();
    if (cause instanceof S3Exception s3) {
      int status = s3.statusCode();
      if (status >= 500 || status == 429) {
        return new DependencyDownException("S3 at " + endpoint + " answered HTTP " + status + " for bucket "
            + t.bucket(), e);
      }
      if (status == 403) {
        return config("s3.access-key", "S3 at " + endpoint + " refused access to bucket " + t.bucket() + " of purpose "
            + t.purpose() + " (" + e.getMessage() + ")", "check s3.access-key and s3.secret-key, and that this key may"
            + " use the bucket (HeadBucket needs s3:ListBucket" + (create ? ", creating it s3:CreateBucket" : "") + ")");
      }
      if (status == 409) {
        return config("purposes." + t.purpose() + ".bucket", e.getMessage(), "choose a bucket name of your own in"
            + " config/policies.yaml (bucket names are global on AWS)");
      }
      if (status == 301 || status == 400) {
        return config("s3.region", "S3 at " + endpoint + " rejected the request for bucket " + t.bucket() + " ("
            + e.getMessage() + ")", "set s3.region to the bucket's region (and s3.path-style=true for MinIO and S3Proxy)");
      }
      return config("s3.endpoint", "S3 at " + endpoint + " rejected the check of bucket " + t.bucket() + " ("
          + e.getMessage() + ")", "check s3.endpoint, s3.region and the bucket name in config/policies.yaml");
    }
    if (cause instanceof SdkClientException && !hasIoCause(cause)) {
      return config("s3.access-key", "cannot use S3 at " + endpoint + ": " + cause.getMessage(),
          "set s3.access-key and s3.secret-key (or give the hub AWS credentials through the default chain)");
    }
    if (cause == null) {
      return config("purposes." + t.purpose() + ".bucket", e.getMessage(), "choose a bucket name of your own");
    }
    return new DependencyDownException("S3 at " + endpoint + " cannot be reached (" + rootMessage(cause) + "):"
        + " check that it runs and that s3.endpoint is right", e);
  }

  private ConfigException config(String key, String problem, String fix) {
    return new ConfigException(new ConfigProblem(settingsFile, key, problem, fix));
  }

  private static boolean hasIoCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
