package io.callvault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSocketTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  @Test
  void aCommandRunsInTheServingProcessAndItsOutputAndExitCodeComeBack() throws Exception {
    Path socket = dir.resolve("catalog/callvault.sock");
    try (ControlSocket served = ControlSocket.serve(socket, (args, o, e) -> {
      o.println("ran " + String.join(" ", args));
      e.println("a warning");
      return 3;
    })) {
      Optional<Integer> code = ControlSocket.forward(socket, List.of("audit", "verify", "ünïcode"), out, err);
      assertThat(code).contains(3);
      assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEqualTo("ran audit verify ünïcode\n");
      assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEqualTo("a warning\n");
    }
  }

  @Test
  void theSocketIsReadableByItsOwnerOnlyAndGoneAfterClose() throws Exception {
    Path socket = dir.resolve("catalog/callvault.sock");
    try (ControlSocket served = ControlSocket.serve(socket, (args, o, e) -> 0)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void aSocketFileLeftByAKilledHubMeansRunHereAndIsReplacedByTheNextHub() throws Exception {
    Path socket = dir.resolve("callvault.sock");
    try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      ch.bind(java.net.UnixDomainSocketAddress.of(socket)); // bound, then closed without unlinking: stale
    }
    assertThat(socket).exists();
    assertThat(ControlSocket.forward(socket, List.of("audit", "verify"), out, err)).isEmpty();
    try (ControlSocket served = ControlSocket.serve(socket, (args, o, e) -> 0)) {
      assertThat(ControlSocket.forward(socket, List.of("audit", "verify"), out, err)).contains(0);
    }
  }

  @Test
  void aSecondHubOnTheSameCatalogIsRefused() throws Exception {
    Path socket = dir.resolve("callvault.sock");
    try (ControlSocket served = ControlSocket.serve(socket, (args, o, e) -> 0)) {
      assertThatThrownBy(() -> ControlSocket.serve(socket, (args, o, e) -> 0))
          .hasMessageContaining("another hub already answers");
    }
  }

  @Test
  void aFailingCommandReportsItsErrorAndExitsOne() throws Exception {
    Path socket = dir.resolve("callvault.sock");
    try (ControlSocket served = ControlSocket.serve(socket, (args, o, e) -> {
      throw new IllegalStateException("catalog unhappy");
    })) {
      assertThat(ControlSocket.forward(socket, List.of("sweep"), out, err)).contains(1);
      assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("catalog unhappy");
    }
  }

  @Test
  void onlyH2FileCatalogsHaveAControlSocket() {
    assertThat(ControlSocket.pathFor("jdbc:h2:file:./data/catalog/callvault")).contains(Path.of("./data/catalog/callvault.sock"));
    assertThat(ControlSocket.pathFor("jdbc:postgresql://db/callvault")).isEmpty();
    assertThat(ControlSocket.pathFor("jdbc:h2:mem:x")).isEmpty();
  }
}
