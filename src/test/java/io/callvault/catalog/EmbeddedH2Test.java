package io.callvault.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedH2Test {

  @Test
  void autoServerIsRefusedWithTheFix() {
    assertThatThrownBy(() -> EmbeddedH2.hardened("jdbc:h2:file:./data/catalog/callvault;AUTO_SERVER=TRUE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AUTO_SERVER=TRUE")
        .hasMessageContaining("every interface")
        .hasMessageContaining("remove it");
    assertThatThrownBy(() -> EmbeddedH2.hardened("jdbc:h2:file:./x;auto_server=true"))
        .hasMessageContaining("AUTO_SERVER");
  }

  @Test
  void anH2ServerUrlIsRefused() {
    assertThatThrownBy(() -> EmbeddedH2.hardened("jdbc:h2:tcp://10.0.0.5/callvault"))
        .hasMessageContaining("H2 server");
  }

  @Test
  void aFileUrlGetsDurableCommitsNoTraceFileAndNoCloseOnExit() {
    String url = EmbeddedH2.hardened("jdbc:h2:file:./data/catalog/callvault;AUTO_SERVER=FALSE;WRITE_DELAY=500;TRACE_LEVEL_FILE=2");
    assertThat(url).isEqualTo("jdbc:h2:file:./data/catalog/callvault;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0");
  }

  @Test
  void anInMemoryUrlKeepsItsOptionsAndLosesOnlyTheTraceFile() {
    assertThat(EmbeddedH2.hardened("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1"))
        .isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;TRACE_LEVEL_FILE=0");
    assertThat(EmbeddedH2.isFile("jdbc:h2:mem:x")).isFalse();
  }

  @Test
  void postgresUrlsAreLeftAlone() {
    assertThat(EmbeddedH2.hardened("jdbc:postgresql://db:5432/callvault")).isEqualTo("jdbc:postgresql://db:5432/callvault");
    assertThat(EmbeddedH2.isFile("jdbc:postgresql://db:5432/callvault")).isFalse();
  }

  @Test
  void theDataFileIsFoundWithOrWithoutTheFilePrefix() {
    assertThat(EmbeddedH2.dataFile("jdbc:h2:file:./data/catalog/callvault;X=1")).isEqualTo(Path.of("./data/catalog/callvault.mv.db"));
    assertThat(EmbeddedH2.dataFile("jdbc:h2:/var/lib/callvault/cat")).isEqualTo(Path.of("/var/lib/callvault/cat.mv.db"));
  }
}
