package io.callvault.policy;

/**
 * What an employee's erasure request does to a copy of this purpose that also concerns a customer
 * ({@code employee-erasure} and {@code employee-erasure-reason} in policies.yaml). {@code delete} (the default)
 * erases it like the customer's own request would; {@code keep} keeps it, for the reason given, which the
 * certificate and the employee's answer state. A copy that concerns no customer (an internal call) is erased
 * either way; a legal-obligation copy and a copy under a legal hold are kept either way (Art. 17(3)(b), (e)).
 *
 * @param keep true for {@code keep}
 * @param reason why the copy is kept (required with {@code keep}), e.g. "the customer's consented training
 *     recording; the agent's voice is needed to use it"; null with {@code delete}
 */
public record EmployeeErasure(boolean keep, String reason) {
  /** The default: an employee's erasure erases the copy. */
  public static final EmployeeErasure DELETE = new EmployeeErasure(false, null);

  public String yamlName() {
    return keep ? "keep" : "delete";
  }
}
