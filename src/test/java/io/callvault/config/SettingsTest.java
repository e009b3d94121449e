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

  @Test
  void relativePathsStartAtTheConfigDirectoryWhateverTheWorkingDirectory(@TempDir Path dir) throws Exception {
    Path config = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(config.resolve("secret"), "s3cret\n");
    Path props = config.resolve("application.properties");
    Files.writeString(props, String.join("\n", "callvault.policies=policies.yaml", "pbx1.known-hosts-file=known_hosts",
        "consent.csv.file=consent/flags.csv", "callvault.temp-dir=../data/tmp", "catalog.url=jdbc:h2:file:../data/catalog/cv",
        "rights.decryption-key.quality=keys/quality.sec.asc", "audit.anchor.dir=none", "pbx1.directory=drop/monitor",
        "audit.anchor.signing-key=-----BEGIN PRIVATE KEY-----", "absolute.file=/etc/callvault/x", "pbx1.password=${file:secret}", ""));

    Settings s = Settings.load(props, Map.of(), name -> null);

    assertThat(s.problems()).isEmpty();
    assertThat(s.path("callvault.policies", "unused")).isEqualTo(config.resolve("policies.yaml"));
    assertThat(s.get("pbx1.known-hosts-file")).contains(config.resolve("known_hosts").toString());
    assertThat(s.get("consent.csv.file")).contains(config.resolve("consent/flags.csv").toString());
    assertThat(s.tempDir()).isEqualTo(dir.resolve("data/tmp"));
    assertThat(s.get("catalog.url")).contains("jdbc:h2:file:" + dir.resolve("data/catalog/cv"));
    assertThat(s.get("rights.decryption-key.quality")).contains(config.resolve("keys/quality.sec.asc").toString());
    assertThat(s.get("pbx1.password")).as("a ${file:} reference starts there too").contains("s3cret");
    assertThat(s.get("audit.anchor.dir")).contains("none");
    assertThat(s.get("pbx1.directory")).as("a remote SFTP directory is not a local path").contains("drop/monitor");
    assertThat(s.get("audit.anchor.signing-key")).contains("-----BEGIN PRIVATE KEY-----");
    assertThat(s.get("absolute.file")).contains("/etc/callvault/x");
  }

  @Test
  void defaultsPutPoliciesInTheConfigDirectoryAndDataBesideIt(@TempDir Path dir) throws Exception {
    Path config = Files.createDirectories(dir.resolve("conf"));
    Path props = Files.writeString(config.resolve("application.properties"), "");

    Settings s = Settings.load(props, Map.of(), name -> null);

    assertThat(s.path("callvault.policies", ConfigPaths.DEFAULT_POLICIES)).isEqualTo(config.resolve("policies.yaml"));
    assertThat(s.tempDir()).isEqualTo(dir.resolve("data/tmp"));
    assertThat(s.get("catalog.url")).contains("jdbc:h2:file:" + dir.resolve("data/catalog/callvault"));
  }
}
