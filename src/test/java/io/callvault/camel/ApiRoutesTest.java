package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * routes/api.camel.yaml as Camel loads it: every REST verb declares the credential and roles that
 * {@link ApiGate} enforces, and leads to a route the gate guards. Not started: no HTTP server needed.
 */
class ApiRoutesTest extends CamelTestSupport {

  @Override
  public boolean isUseAdviceWith() {
    return true; // load, do not start
  }

  private Map<String, ApiGate.Operation> load(Path file) throws Exception {
    PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath()));
    return ApiGate.declaredOperations(context);
  }

  @Test
  void everyOperationDeclaresItsCredentialRolesAndBody() throws Exception {
    Map<String, ApiGate.Operation> ops = load(Path.of("routes", "api.camel.yaml"));

    assertThat(ops).hasSize(19);
    assertThat(ops.get("direct://api-session").roles()).containsExactly("dpo", "auditor", "reviewer");
    assertThat(ops.get("direct://api-retention-forecast").roles()).containsExactly("dpo", "reviewer");
    assertThat(ops.get("direct://api-subject-recordings").roles()).containsExactly("dpo", "reviewer");
    assertThat(ops.get("direct://api-purpose-fulfilled").roles()).containsExactly("dpo", "reviewer");
    assertThat(ops.get("direct://api-recording-audio").roles()).containsExactly("dpo", "reviewer");
    for (String dpoOnly : new String[] {"subject-export", "subject-erase", "holds-list", "holds-place", "holds-release",
        "holds-review", "subject-erasure-preview", "retention-sweeps", "quarantine", "status"}) {
      assertThat(ops.get("direct://api-" + dpoOnly).roles()).as(dpoOnly).isEqualTo(Set.of("dpo"));
    }
    assertThat(ops.get("direct://api-audit-export").roles()).containsExactly("auditor", "dpo");
    assertThat(ops.get("direct://api-audit-latest").roles()).containsExactly("auditor", "dpo");
    assertThat(ops.get("direct://api-consent-event").scheme()).isEqualTo("crmSignature");
    assertThat(ops.values().stream().filter(ApiGate.Operation::takesBody).map(ApiGate.Operation::id))
        .containsExactlyInAnyOrder("holds-place", "holds-review", "consent-event");
  }

  @Test
  void aVerbWithoutSecurityOrAnUnguardedRouteStopsTheStart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("api.camel.yaml");
    Files.writeString(file, """
        - rest:
            path: /api
            get:
              - id: open-door
                path: /door
                to: direct:door
              - id: side-door
                path: /side
                security: [{key: bearer, scopes: dpo}]
                to: direct:side
        - route:
            id: door
            from: {uri: direct:door, steps: [{log: door}]}
        - route:
            id: side
            from: {uri: direct:side, steps: [{log: side}]}
        """);

    assertThatThrownBy(() -> load(file)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("open-door: declare exactly one `security`")
        .hasMessageContaining("side-door: the route from direct:side must set routeConfigurationId: callvault-api");
  }
}
