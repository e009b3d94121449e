package io.callvault.ingest;

import io.callvault.employees.EmployeeDirectory.DirectoryUnavailableException;
import io.callvault.employees.Employees;
import io.callvault.health.Dependencies;

/**
 * The employees step: which employees the recording concerns (its agents, mapped by the employee directory at the
 * call's time), as keys for the catalog step. A directory that cannot answer leaves the file in the drop, uncounted,
 * like any unavailable dependency: a recording is never cataloged without the employees it should be found by.
 */
public final class EmployeesStep {
  /** The name of the employee directory in {@link Dependencies} and the health checks. */
  public static final String DEPENDENCY = "employees";

  private final Employees employees;
  private final Dependencies dependencies;

  public EmployeesStep(Employees employees, Dependencies dependencies) {
    this.employees = employees;
    this.dependencies = dependencies;
  }

  public void find(Ingest in) {
    try {
      in.employeeKeys(employees.keysOf(in.recording(), in.cdrRecord()));
    } catch (DirectoryUnavailableException e) {
      throw new DependencyUnavailableException(DEPENDENCY, e.getMessage(), e);
    }
    if (!dependencies.isUp(DEPENDENCY)) {
      dependencies.up(DEPENDENCY);
    }
  }
}
