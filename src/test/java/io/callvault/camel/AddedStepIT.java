package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An integrator adds a step to the way of a recording by editing routes/ingest.camel.yaml, without rebuilding:
 * here a wireTap between decide and minimise+encrypt that writes each decision to a folder of its own.
 */
class AddedStepIT extends HubIT {

  @Test
  void aStepAddedToTheYamlRunsBetweenDecideAndEncryptWithoutARebuild() throws Exception {
    Path tapped = Files.createDirectories(dir.resolve("tapped"));
    Path route = hub.routes.resolve("ingest.camel.yaml");
    String yaml = Files.readString(route);
    String decide = "        - bean: {ref: decide, method: decide}\n";
    assertThat(yaml).contains(decide);
    Files.writeString(route, yaml.replace(decide, decide
        + "        - wireTap:\n"
        + "            uri: direct:decision-tap\n")
        + "\n- route:\n"
        + "    id: decision-tap\n"
        + "    from:\n"
        + "      uri: direct:decision-tap\n"
        + "      steps:\n"
        + "        - setBody: {simple: \"${body.recordingId} ${body.state} ${body.toWrite.size()}\"}\n"
        + "        - to: \"file:" + tapped + "?fileName=${exchangeId}.txt\"\n");
    hub.consentCsv("subject,training,quality\n").start();

    String id = ingest("1710498707.5", TestAudio.wav(1, 5));

    HubFixture.await("the added step wrote the decision", WAIT, () -> files(tapped).size() == 1);
    assertThat(Files.readString(files(tapped).get(0))).isEqualTo(id + " STORED 2");
    assertThat(hub.hub.beans().catalog().copiesOf(id)).hasSize(2);
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".txt")).toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }
}
