package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.config.ConfigException;
import io.callvault.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeveralNodesTest {
  @TempDir Path dir;

  private Settings settings(Map<String, String> values) throws Exception {
    Path file = dir.resolve("application.properties");
    Files.writeString(file, "");
    return Settings.load(file, values, name -> null);
  }

  @Test
  void onPostgresTheSweepsGetQuartzsClusteredJdbcStoreOnTheCatalogWithOverridesPassedOn() throws Exception {
    Settings s = settings(Map.of("catalog.url", "jdbc:postgresql://db:5432/callvault", "catalog.user", "cv",
        "org.quartz.jobStore.clusterCheckinInterval", "2000"));
    assertThat(SeveralNodes.shared(s)).isTrue();
    Properties p = SeveralNodes.clustered(s);
    assertThat(p.getProperty("org.quartz.jobStore.isClustered")).isEqualTo("true");
    assertThat(p.getProperty("org.quartz.scheduler.instanceId")).isEqualTo("AUTO");
    assertThat(p.getProperty("org.quartz.jobStore.class")).isEqualTo("org.quartz.impl.jdbcjobstore.JobStoreTX");
    assertThat(p.getProperty("org.quartz.jobStore.driverDelegateClass")).endsWith("PostgreSQLDelegate");
    assertThat(p.getProperty("org.quartz.dataSource.catalog.URL")).isEqualTo("jdbc:postgresql://db:5432/callvault");
    assertThat(p.getProperty("org.quartz.jobStore.clusterCheckinInterval")).isEqualTo("2000");
    assertThat(SeveralNodes.quartzComponents(s)).containsKeys("quartz", SeveralNodes.NODE_QUARTZ);
  }

  @Test
  void onH2CamelsOwnRamQuartzStaysAndOnlyThePerHubOneIsAdded() throws Exception {
    Settings s = settings(Map.of("catalog.url", "jdbc:h2:file:./data/catalog/callvault"));
    assertThat(SeveralNodes.shared(s)).isFalse();
    Map<String, Object> components = SeveralNodes.quartzComponents(s);
    assertThat(components).containsOnlyKeys(SeveralNodes.NODE_QUARTZ);
    assertThat(((QuartzComponent) components.get(SeveralNodes.NODE_QUARTZ)).getProperties())
        .containsEntry("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
  }

  @Test
  void aClaimMaxAgeTooCloseToItsKeepAliveIsRefusedNamingBothKeys() throws Exception {
    Settings s = settings(Map.of("callvault.drop.claim-max-age", "PT30S", "callvault.drop.claim-keep-alive", "PT20S"));
    assertThatThrownBy(() -> SeveralNodes.claimTimes(s)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("callvault.drop.claim-max-age").hasMessageContaining("callvault.drop.claim-keep-alive");
    assertThat(SeveralNodes.claimTimes(settings(Map.of()))).containsExactly(SeveralNodes.DEFAULT_MAX_AGE,
        SeveralNodes.DEFAULT_KEEP_ALIVE);
  }
}
