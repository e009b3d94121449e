package io.callvault.employees;

import io.callvault.catalog.SubjectKeys;
import io.callvault.employees.EmployeeDirectory.DirectoryUnavailableException;
import io.callvault.source.CdrRecord;
import io.callvault.source.Recording;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Employees as data subjects: the keys under which the catalog knows the employees of a recording (its agents'
 * extensions, looked up in the {@link EmployeeDirectory} at the call's start), and the key of an employee reference
 * {@code employee:E1234} as the rights API receives it. An employee's key is the HMAC of {@code employee:<id>},
 * with the customers' secret ({@link SubjectKeys}): it never equals a customer's key, and neither the employee id nor
 * the extension is kept anywhere in clear.
 */
public final class Employees {
  /** The prefix of an employee reference, in the API and in the keyed identifier. */
  public static final String PREFIX = "employee:";

  private final EmployeeDirectory directory;
  private final Agents agents;
  private final SubjectKeys keys;

  public Employees(EmployeeDirectory directory, Agents agents, SubjectKeys keys) {
    this.directory = directory;
    this.agents = agents;
    this.keys = keys;
  }

  /** True when a subject reference names an employee ({@code employee:E1234}). */
  public static boolean isEmployee(String ref) {
    return ref != null && ref.strip().regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  /** The employee id of a reference {@code employee:E1234}. @throws IllegalArgumentException when it has none */
  public static String employeeId(String ref) {
    String id = ref.strip().substring(PREFIX.length()).strip();
    if (id.isEmpty()) {
      throw new IllegalArgumentException("an employee reference is employee:<employee id>, e.g. employee:E1234");
    }
    return id;
  }

  /** The catalog key of an employee id. */
  public String keyOf(String employeeId) {
    return keyOf(keys, employeeId);
  }

  /** The catalog key of an employee id under {@code keys}: the HMAC of {@code employee:<id>}. */
  public static String keyOf(SubjectKeys keys, String employeeId) {
    return keys.keyOf(PREFIX + employeeId);
  }

  /** The keys of the employees who held the recording's agents' extensions when the call began. */
  public List<String> keysOf(Recording r, CdrRecord cdr) throws DirectoryUnavailableException {
    List<String> out = new ArrayList<>();
    for (String extension : agents.of(r, cdr)) {
      Optional<String> employee = directory.employeeAt(r.sourceId(), extension, r.start());
      if (employee.isPresent() && !out.contains(keyOf(employee.get()))) {
        out.add(keyOf(employee.get()));
      }
    }
    return out;
  }
}
