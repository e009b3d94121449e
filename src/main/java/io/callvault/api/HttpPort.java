package io.callvault.api;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The HTTP API's port must be free when the hub starts. A hub whose API cannot listen must not run on
 * silently (ingesting while nobody can answer a data-subject request, and while another process, perhaps a
 * second hub, answers on that port): the start stops with a configuration error naming
 * {@code camel.server.port}. Vert.x itself only logs a failed bind and carries on (its server then reports the
 * port it was asked for), so the port is checked before anything of the hub starts.
 */
public final class HttpPort {
  private HttpPort() {}

  /**
   * @throws ConfigException naming {@code camel.server.port} when the API is enabled and cannot bind
   *     {@code camel.server.host:camel.server.port}
   */
  public static void checkFree(HttpExposure exposure, String portSetting, String file) {
    int port = port(portSetting, file);
    if (!exposure.enabled() || port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(exposure.host(), port));
    } catch (IOException e) {
      throw notListening(exposure.host(), Integer.toString(port), e.getMessage(), file);
    }
  }

  /** The configuration error of an HTTP API that cannot listen on {@code host:port}. */
  public static ConfigException notListening(String host, String port, String why, String file) {
    return new ConfigException(new ConfigProblem(file, "camel.server.port",
        "the HTTP API cannot listen on " + host + ":" + port + " (" + why + "): another process holds the port"
            + " (a second hub?) or camel.server.host is not an address of this machine",
        "stop the other process, or set camel.server.port (CALLVAULT_HTTP_PORT) to a free port, or"
            + " camel.server.host (CALLVAULT_HTTP_HOST) to an address of this machine; camel.server.enabled=false"
            + " runs the hub without the API"));
  }

  private static int port(String setting, String file) {
    try {
      int port = Integer.parseInt(setting.strip());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(new ConfigProblem(file, "camel.server.port", "'" + setting + "' is not a port number",
        "set camel.server.port to a number from 1 to 65535 (0 picks a free port)"));
  }
}
