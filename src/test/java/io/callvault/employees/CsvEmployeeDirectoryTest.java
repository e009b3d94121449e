package io.callvault.employees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.config.ConfigException;
import io.callvault.employees.EmployeeDirectory.DirectoryUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvEmployeeDirectoryTest {
  @TempDir Path dir;

  private CsvEmployeeDirectory directory(String text) throws Exception {
    Path file = dir.resolve("employees.csv");
    Files.writeString(file, text);
    return new CsvEmployeeDirectory(file);
  }

  @Test
  void anExtensionBelongsToWhoeverHeldItAtTheCallsTimeValidToExclusive() throws Exception {
    CsvEmployeeDirectory d = directory("""
        extension,employee,valid_from,valid_to
        201,E1,2024-01-01,2024-03-16
        201,E2,2024-03-16,
        """);
    assertThat(d.employeeAt("pbx", "201", Instant.parse("2024-03-15T23:59:59Z"))).contains("E1");
    assertThat(d.employeeAt("pbx", "201", Instant.parse("2024-03-16T00:00:00Z"))).contains("E2");
    assertThat(d.employeeAt("pbx", "201", Instant.parse("2023-12-31T10:00:00Z"))).as("before anyone held it").isEmpty();
    assertThat(d.employeeAt("pbx", "202", Instant.parse("2024-03-15T10:00:00Z"))).isEmpty();
  }

  @Test
  void aRowWithASourceAppliesToThatPbxOnlyAndInstantsAreAccepted() throws Exception {
    CsvEmployeeDirectory d = directory("""
        extension,employee,valid_from,valid_to,source
        201,E1,,2024-03-15T12:00:00Z,paris
        201,E3,,,lyon
        """);
    assertThat(d.employeeAt("paris", "201", Instant.parse("2024-03-15T11:59:00Z"))).contains("E1");
    assertThat(d.employeeAt("paris", "201", Instant.parse("2024-03-15T12:00:00Z"))).isEmpty();
    assertThat(d.employeeAt("lyon", "201", Instant.parse("2024-03-15T12:00:00Z"))).contains("E3");
  }

  @Test
  void twoEmployeesHoldingOneExtensionAtOnceAreRefusedNamingTheRowsNotThePeople() {
    assertThatThrownBy(() -> directory("""
        extension,employee,valid_from,valid_to
        201,E1,2024-01-01,2024-04-01
        201,E2,2024-03-16,
        """)).isInstanceOf(ConfigException.class).hasMessageContaining("data row 2 and data row 1")
        .hasMessageContaining("valid_to").hasMessageNotContaining("E1");
  }

  @Test
  void aBadDateOrAMissingColumnIsRefusedWithTheFix() {
    assertThatThrownBy(() -> directory("extension,employee,valid_from,valid_to\n201,E1,15/03/2024,\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("data row 1").hasMessageContaining("2024-03-01");
    assertThatThrownBy(() -> directory("extension,employee\n201,E1\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("no column 'valid_from'");
  }

  @Test
  void aFileChangedAfterTheStartIsReadAgainAndABrokenOneMakesTheDirectoryUnavailable() throws Exception {
    CsvEmployeeDirectory d = directory("extension,employee,valid_from,valid_to\n201,E1,,\n");
    Path file = dir.resolve("employees.csv");
    Files.writeString(file, "extension,employee,valid_from,valid_to\n201,E7,,\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(d.employeeAt("pbx", "201", Instant.now())).contains("E7");
    Files.writeString(file, "extension,employee,valid_from,valid_to\n201,E7,never,\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
    assertThatThrownBy(() -> d.employeeAt("pbx", "201", Instant.now())).isInstanceOf(DirectoryUnavailableException.class);
  }
}
