package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.camel.Route;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** The YAML files in routes/ as Camel loads them: template, shared error configuration, one PBX. */
class RouteFilesTest extends CamelTestSupport {

  @Override
  protected void bindToRegistry(Registry registry) {
    io.callvault.ingest.CdrCache cdr = new io.callvault.ingest.CdrCache();
    DropSources sources = new DropSources(io.callvault.source.PbxFormats.standard(
        new io.callvault.source.PhoneNumbers("GB")));
    registry.bind("dropFilter", new DropFilter(Duration.ofSeconds(10), cdr, Clock.systemUTC(), () -> true, sources));
    registry.bind("dropSorter", new DropSorter(sources));
    registry.bind("dropProcessStrategy", new DropProcessStrategy(
        new NonRegularFiles(null, new io.callvault.ingest.SidecarCache("/p"), null, null, sources), null,
        new QuarantineMoves(null), null, () -> true, sources));
    DropPollStrategy polls = new DropPollStrategy(new HiddenFiles(null, new io.callvault.ingest.BadInputs(),
        Duration.ofSeconds(10), Duration.ofMinutes(1), Clock.systemUTC()));
    registry.bind("dropPollStrategy", polls);
    registry.bind("dropReadFailures", new DropReadFailures(null, null, null, null, new io.callvault.ingest.BadInputs(),
        sources, polls));
    registry.bind("sftp", new PbxSftpComponent());
  }

  @Test
  void pbxFileBuildsAnSftpConsumerThatStreamsChecksHostKeysAndDefersDeletionToCallvault() throws Exception {
    Properties p = new Properties();
    p.put("pbx1.host", "127.0.0.1");
    p.put("pbx1.port", "1"); // nothing listens: the test looks at the route, not at a transfer
    p.put("pbx1.username", "callvault");
    p.put("pbx1.password", "p&ss+word");
    p.put("pbx1.directory", "drop");
    p.put("pbx1.timezone", "Europe/London");
    p.put("pbx1.poll-interval", "60000");
    p.put("pbx1.known-hosts-file", "config/known_hosts");
    p.put("pbx1.private-key-file", "");
    p.put("pbx1.private-key-passphrase", "");
    context.getPropertiesComponent().setInitialProperties(p);

    context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
      @Override
      public void configure() {
        from("direct:ingest").routeId("ingest-stand-in").log("claimed");
      }
    });
    for (String f : List.of("pbx-source-template", "ingest-errors", "pbx-asterisk-1")) {
      PluginHelper.getRoutesLoader(context).loadRoutes(
          ResourceHelper.resolveResource(context, "file:" + Path.of("routes", f + ".camel.yaml").toAbsolutePath()));
    }

    Route route = context.getRoute("pbx-asterisk-1");
    assertThat(route).as("the templated route").isNotNull();
    SftpEndpoint sftp = (SftpEndpoint) route.getEndpoint();
    assertThat(sftp.getConfiguration().getStrictHostKeyChecking()).isEqualTo("yes");
    assertThat(sftp.getConfiguration().getPassword()).isEqualTo("p&ss+word");
    assertThat(sftp.getConfiguration().isStreamDownload()).isTrue();
    assertThat(sftp.isDelete()).isFalse();
    assertThat(sftp.isRecursive()).isTrue();
    assertThat(sftp.getProcessStrategy()).isInstanceOf(DropProcessStrategy.class);
    assertThat(sftp.getFilter()).isInstanceOf(DropFilter.class);
    assertThat(sftp.getLocalWorkDirectory()).as("no local copy of plaintext").isNull();
    assertThat(sftp.getConfiguration().getDirectory()).as("a relative drop stays below the login's home").isEqualTo("drop");
    assertThat(sftp.getConfiguration().getServerHostKeys()).as("empty: the client's safe defaults").isNull();
    assertThat(sftp.getConfiguration().getPrivateKeyFile()).as("empty: no key").isNull();
    assertThat(sftp.getConfiguration().isThrowExceptionOnConnectFailed()).isTrue();
  }

  @Test
  void anAbsoluteDropDirectoryStaysAbsolute() throws Exception {
    Properties p = new Properties();
    p.put("pbx1.host", "127.0.0.1");
    p.put("pbx1.port", "1");
    p.put("pbx1.username", "callvault");
    p.put("pbx1.password", "");
    p.put("pbx1.private-key-file", "config/keys/pbx1_ed25519");
    p.put("pbx1.private-key-passphrase", "");
    p.put("pbx1.directory", "/var/spool/asterisk/monitor");
    p.put("pbx1.timezone", "UTC");
    p.put("pbx1.poll-interval", "60000");
    p.put("pbx1.known-hosts-file", "config/known_hosts");
    context.getPropertiesComponent().setInitialProperties(p);
    context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
      @Override
      public void configure() {
        from("direct:ingest").routeId("ingest-stand-in").log("claimed");
      }
    });
    for (String f : List.of("pbx-source-template", "ingest-errors", "pbx-asterisk-1")) {
      PluginHelper.getRoutesLoader(context).loadRoutes(
          ResourceHelper.resolveResource(context, "file:" + Path.of("routes", f + ".camel.yaml").toAbsolutePath()));
    }

    SftpEndpoint sftp = (SftpEndpoint) context.getRoute("pbx-asterisk-1").getEndpoint();
    assertThat(sftp.getConfiguration().getDirectory()).isEqualTo("/var/spool/asterisk/monitor");
    assertThat(sftp.getConfiguration().getPassword()).as("empty: key login only").isNull();
    assertThat(sftp.getConfiguration().getPrivateKeyFile()).isEqualTo("config/keys/pbx1_ed25519");
  }

  @Test
  void everyWorkedExampleOfAddingAPbxInTheReadmeLoadsAsASourceOfItsFormatAndDirectory(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    List<io.callvault.testing.ReadmePbxExamples.Example> examples =
        io.callvault.testing.ReadmePbxExamples.of(Path.of("README.md"));
    Properties p = new Properties();
    for (io.callvault.testing.ReadmePbxExamples.Example e : examples) {
      // as the hub resolves them: ${env:NAME:default} to its default, a secret from the environment to a value
      e.propertyMap().forEach((k, v) -> p.put(k, v.replaceAll("^\\$\\{env:\\w+:(.*)}$", "$1")
          .replaceAll("^\\$\\{env:\\w+}$", "secret-from-env")));
    }
    context.getPropertiesComponent().setInitialProperties(p);
    context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
      @Override
      public void configure() {
        from("direct:ingest").routeId("ingest-stand-in").log("claimed");
      }
    });
    for (String f : List.of("pbx-source-template", "ingest-errors")) {
      PluginHelper.getRoutesLoader(context).loadRoutes(
          ResourceHelper.resolveResource(context, "file:" + Path.of("routes", f + ".camel.yaml").toAbsolutePath()));
    }
    for (io.callvault.testing.ReadmePbxExamples.Example e : examples) {
      Path file = java.nio.file.Files.writeString(dir.resolve(Path.of(e.routeFile()).getFileName()), e.yaml());
      PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));

      String routeId = Path.of(e.routeFile()).getFileName().toString().replace(".camel.yaml", "");
      Route route = context.getRoute(routeId);
      assertThat(route).as(e.routeFile()).isNotNull();
      SftpEndpoint sftp = (SftpEndpoint) route.getEndpoint();
      assertThat(sftp.getConfiguration().getDirectory()).as(e.routeFile()).isEqualTo(e.parameter("directory"));
      assertThat(sftp.getConfiguration().getStrictHostKeyChecking()).isEqualTo("yes");
      assertThat(context.getRouteDefinition(routeId).getTemplateParameters()).as(e.routeFile())
          .containsEntry("format", e.parameter("format"));
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(6);
  }
}
