package io.callvault.policy;

/** GDPR Art. 6(1) bases callvault supports; the YAML spelling is {@link #yamlName()}. */
public enum LegalBasis {
  CONSENT("consent"),
  LEGAL_OBLIGATION("legal-obligation"),
  LEGITIMATE_INTEREST("legitimate-interest"),
  CONTRACT("contract");

  private final String yamlName;

  LegalBasis(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }
}
