package io.callvault.policy;

/** What happens to a copy when its retention ends; the YAML spelling is {@link #yamlName()}. */
public enum ExpiryAction {
  DELETE("delete"),
  ANONYMISE("anonymise");

  private final String yamlName;

  ExpiryAction(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }
}
