package io.callvault.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @Test
  void secretsResolveFromEnvironmentDefaultsAndFiles(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("pw");
    Files.writeString(secret, "from-file\n");
    Path props = dir.resolve("application.properties");
    Files.writeString(props, "a=${env:A}\nb=${env:B:fallback}\nc=${file:" + secret + "}\nd=x-${env:A}-y\n");

    Settings s = Settings.load(props, Map.of(), Map.of("A", "alpha")::get);

    assertThat(s.problems()).isEmpty();
    assertThat(s.get("a")).contains("alpha");
    assertThat(s.get("b")).contains("fallback");
    assertThat(s.get("c")).contains("from-file");
    assertThat(s.get("d")).contains("x-alpha-y");
  }

  @Test
  void unsetVariableIsAProblemNamingTheKeyAndTheVariable(@TempDir Path dir) throws Exception {
    Path props = dir.resolve("application.properties");
    Files.writeString(props, "pbx1.password=${env:PBX1_PASSWORD}\n");

    Settings s = Settings.load(props, Map.of(), name -> null);

    assertThat(s.problems()).singleElement().satisfies(p -> {
      assertThat(p.where()).isEqualTo("pbx1.password");
      assertThat(p.problem()).contains("PBX1_PASSWORD");
    });
  }

  @Test
  void overridesReplaceFileValuesBeforeResolution(@TempDir Path dir) throws Exception {
    Path props = dir.resolve("application.properties");
    Files.writeString(props, "k=${env:UNSET}\n");

    Settings s = Settings.load(props, Map.of("k", "given"), name -> null);

    assertThat(s.problems()).isEmpty();
    assertThat(s.get("k")).contains("given");
  }
}
