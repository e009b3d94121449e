package io.callvault.policy;

/** S3 Object Lock mode a purpose may ask for; the YAML spelling is {@link #yamlName()}. */
public enum ObjectLockMode {
  /** Removable before retain-until only by callers with s3:BypassGovernanceRetention. */
  GOVERNANCE("governance"),
  /** Removable by nobody before retain-until, not even the account root. */
  COMPLIANCE("compliance");

  private final String yamlName;

  ObjectLockMode(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }
}
