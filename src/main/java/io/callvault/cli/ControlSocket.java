package io.callvault.cli;

import io.callvault.catalog.EmbeddedH2;
import io.callvault.config.PrivateFiles;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@code ./callvault audit|sweep|hold} reach a hub that holds an H2 catalog (H2 lets one process open the
 * file): a Unix domain socket next to the database, {@code <catalog>.sock}. It is no network listener: only
 * processes that can open the 0600 socket file in the catalog's 0700 folder connect, and the hub also checks
 * that the peer runs as its own user (or root). The command runs inside the hub, on the hub's own beans, and
 * its output and exit code come back to the caller.
 *
 * <p>Wire format (version 1): the client sends {@code "callvault-control/1"}, the argument count and each
 * argument (Java modified UTF-8); the hub answers with frames: a type byte ({@code 1} standard output,
 * {@code 2} standard error, {@code 0} the end) then, for output, a length and the bytes, for the end the exit
 * code.
 */
public final class ControlSocket implements AutoCloseable {
  /** Runs one command inside the hub. */
  @FunctionalInterface
  public interface Handler {
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(ControlSocket.class);
  private static final String HELLO = "callvault-control/1";
  private static final int MAX_ARGS = 64;
  /** Linux's limit on a socket path (sun_path) is 108 bytes with the terminating zero. */
  private static final int MAX_PATH = 107;

  private final ServerSocketChannel server;
  private final Path path;
  private final Thread acceptor;

  private ControlSocket(ServerSocketChannel server, Path path, Handler handler) {
    this.server = server;
    this.path = path;
    this.acceptor = new Thread(() -> accept(handler), "callvault-control");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The control socket of a catalog: {@code <database>.sock} for an H2 file catalog, else empty. */
  public static Optional<Path> pathFor(String catalogUrl) {
    if (!EmbeddedH2.isFile(catalogUrl)) {
      return Optional.empty();
    }
    Path db = EmbeddedH2.databasePath(catalogUrl);
    return Optional.of(db.resolveSibling(db.getFileName() + ".sock"));
  }

  /**
   * Listens on {@code socket} (a stale file left by a killed hub is replaced).
   *
   * @throws IOException when another hub answers on it, or the socket cannot be made
   */
  public static ControlSocket serve(Path socket, Handler handler) throws IOException {
    Path where = usable(socket);
    if (Files.exists(where)) {
      if (answers(where)) {
        throw new IOException("another hub already answers on " + socket.toAbsolutePath());
      }
      Files.delete(where);
    }
    PrivateFiles.directories(where.toAbsolutePath().getParent());
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(where));
      PrivateFiles.restrict(where);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    return new ControlSocket(server, where, handler);
  }

  /**
   * Runs {@code args} in the hub listening on {@code socket}, copying its output to {@code out} and
   * {@code err}; empty when no hub answers there (none runs, or a stale socket).
   */
  public static Optional<Integer> forward(Path socket, List<String> args, PrintStream out, PrintStream err)
      throws IOException {
    Path where = usable(socket);
    if (!Files.exists(where)) {
      return Optional.empty();
    }
    SocketChannel ch;
    try {
      ch = SocketChannel.open(UnixDomainSocketAddress.of(where));
    } catch (IOException e) {
      return Optional.empty(); // a socket file without a hub: the hub was killed
    }
    try (ch) {
      DataOutputStream request = new DataOutputStream(Channels.newOutputStream(ch));
      request.writeUTF(HELLO);
      request.writeInt(args.size());
      for (String a : args) {
        request.writeUTF(a);
      }
      request.flush();
      return Optional.of(copyAnswer(new DataInputStream(Channels.newInputStream(ch)), out, err));
    }
  }

  private static int copyAnswer(DataInputStream in, PrintStream out, PrintStream err) throws IOException {
    while (true) {
      int type = in.readByte();
      if (type == 0) {
        out.flush();
        err.flush();
        return in.readInt();
      }
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      (type == 1 ? out : err).write(bytes);
    }
  }

  private void accept(Handler handler) {
    while (server.isOpen()) {
      try {
        SocketChannel ch = server.accept();
        Thread t = new Thread(() -> serveOne(ch, handler), "callvault-control-command");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (server.isOpen()) {
          LOG.warn("control socket: cannot accept a command: {}", e.getMessage());
        }
      }
    }
  }

  private static void serveOne(SocketChannel ch, Handler handler) {
    try (ch) {
      String peer = PeerCheck.refusal(ch);
      DataOutputStream answer = new DataOutputStream(Channels.newOutputStream(ch));
      if (peer != null) {
        LOG.warn("control socket: refused a command from {}", peer);
        finish(answer, null, null, "refused: the hub accepts commands only from its own user\n", 1);
        return;
      }
      List<String> args = readRequest(new DataInputStream(Channels.newInputStream(ch)));
      Frames frames = new Frames(answer);
      PrintStream out = new PrintStream(frames.stream(1), true, StandardCharsets.UTF_8);
      PrintStream err = new PrintStream(frames.stream(2), true, StandardCharsets.UTF_8);
      int code;
      try {
        code = handler.run(args, out, err);
      } catch (Exception e) {
        err.println("callvault failed in the hub: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        code = 1;
      }
      finish(answer, out, err, null, code);
    } catch (IOException e) {
      LOG.warn("control socket: a command ended early: {}", e.getMessage());
    }
  }

  private static List<String> readRequest(DataInputStream in) throws IOException {
    if (!HELLO.equals(in.readUTF())) {
      throw new IOException("not a callvault control request");
    }
    int n = in.readInt();
    if (n < 0 || n > MAX_ARGS) {
      throw new IOException("bad argument count " + n);
    }
    List<String> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      args.add(in.readUTF());
    }
    return args;
  }

  private static void finish(DataOutputStream answer, PrintStream out, PrintStream err, String error, int code)
      throws IOException {
    if (out != null) {
      out.flush();
      err.flush();
    }
    synchronized (answer) {
      if (error != null) {
        byte[] b = error.getBytes(StandardCharsets.UTF_8);
        answer.writeByte(2);
        answer.writeInt(b.length);
        answer.write(b);
      }
      answer.writeByte(0);
      answer.writeInt(code);
      answer.flush();
    }
  }

  /** Output streams that send what is written as frames of one type on a shared channel. */
  private record Frames(DataOutputStream answer) {
    OutputStream stream(int type) {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          synchronized (answer) {
            answer.writeByte(type);
            answer.writeInt(len);
            answer.write(b, off, len);
          }
        }

        @Override
        public void flush() throws IOException {
          synchronized (answer) {
            answer.flush();
          }
        }
      };
    }
  }

  private static boolean answers(Path where) {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(where))) {
      return ch.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  /** The socket path as given, or relative to the working directory when the absolute one is too long. */
  private static Path usable(Path socket) throws IOException {
    Path abs = socket.toAbsolutePath().normalize();
    if (abs.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH) {
      return abs;
    }
    Path rel = Path.of("").toAbsolutePath().relativize(abs);
    if (rel.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH) {
      return rel;
    }
    throw new IOException("the control socket path " + abs + " is longer than " + MAX_PATH
        + " bytes (a limit of Unix sockets): put the catalog in a shorter path");
  }

  @Override
  public void close() {
    try {
      server.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("control socket: cannot remove {}: {}", path, e.getMessage());
    }
  }
}
