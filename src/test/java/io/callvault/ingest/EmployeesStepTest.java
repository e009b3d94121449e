package io.callvault.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.catalog.SubjectKeys;
import io.callvault.employees.Agents;
import io.callvault.employees.EmployeeDirectory;
import io.callvault.employees.Employees;
import io.callvault.health.Dependencies;
import io.callvault.source.FreePbxFormat;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.Recording;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmployeesStepTest {
  private final SubjectKeys keys = new SubjectKeys("employees-step-secret-0123".getBytes(StandardCharsets.UTF_8));
  private final Dependencies dependencies = new Dependencies(Clock.systemUTC());

  private static Ingest internalCallOf201And202() {
    Ingest in = new Ingest(new io.callvault.ingest.DropFile("pbx", "x.wav", ZoneOffset.UTC, "f_ref"),
        new FreePbxFormat(new PhoneNumbers("GB")), "drop", 10, 0, () -> {
          throw new AssertionError("never read");
        });
    in.identified(new Recording("rec_1", "pbx", "1.1", "internal", Recording.Direction.INTERNAL,
        Instant.parse("2024-03-15T10:00:00Z"), "201", "202", null, 10, 9, "ANSWERED", Recording.AudioFormat.WAV_PCM,
        "wav"), null, List.of());
    return in;
  }

  @Test
  void bothAgentsOfAnInternalCallAreKeyedOnceEachAndAnUnmappedExtensionIsSkipped() {
    EmployeeDirectory directory = (source, ext, at) -> ext.equals("201") ? Optional.of("E1") : Optional.empty();
    Ingest in = internalCallOf201And202();
    new EmployeesStep(new Employees(directory, new Agents(new PhoneNumbers("GB")), keys), dependencies).find(in);
    assertThat(in.employeeKeys()).containsExactly(keys.keyOf("employee:E1"));
  }

  @Test
  void aDirectoryThatCannotAnswerLeavesTheFileAsAnUnavailableDependencyAndComesBackUp() {
    boolean[] down = {true};
    EmployeeDirectory directory = (source, ext, at) -> {
      if (down[0]) {
        throw new EmployeeDirectory.DirectoryUnavailableException("employee directory answered HTTP 503");
      }
      return Optional.of("E" + ext);
    };
    EmployeesStep step = new EmployeesStep(new Employees(directory, new Agents(new PhoneNumbers("GB")), keys),
        dependencies);
    assertThatThrownBy(() -> step.find(internalCallOf201And202())).isInstanceOf(DependencyUnavailableException.class)
        .satisfies(e -> assertThat(((DependencyUnavailableException) e).dependency()).isEqualTo("employees"))
        .hasMessageContaining("HTTP 503");
    dependencies.down("employees", "HTTP 503");
    down[0] = false;
    Ingest in = internalCallOf201And202();
    step.find(in);
    assertThat(in.employeeKeys()).hasSize(2);
    assertThat(dependencies.isUp("employees")).isTrue();
  }
}
