package io.callvault.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpExposureTest {

  @Test
  void loopbackBindsAreQuiet() {
    for (String host : new String[] {"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"}) {
      assertThat(HttpExposure.of(Map.of("camel.server.enabled", "true", "camel.server.host", host)).warning())
          .as(host).isEmpty();
    }
  }

  @Test
  void anOpenBindWithoutTlsIsAWarningThatSaysWhatToDo() {
    var w = HttpExposure.of(Map.of("camel.server.enabled", "true", "camel.server.host", "0.0.0.0")).warning();
    assertThat(w).hasValueSatisfying(t -> assertThat(t).contains("camel.server.host=0.0.0.0", "TLS", "127.0.0.1"));
    assertThat(HttpExposure.of(Map.of("camel.server.enabled", "true")).warning()).as("Camel's default host").isPresent();
  }

  @Test
  void tlsOrADisabledServerIsQuiet() {
    assertThat(HttpExposure.of(Map.of("camel.server.enabled", "true", "camel.server.host", "10.0.0.5",
        "camel.server.useGlobalSslContextParameters", "true")).warning()).isEmpty();
    assertThat(HttpExposure.of(Map.of("camel.server.enabled", "false", "camel.server.host", "0.0.0.0")).warning()).isEmpty();
  }
}
