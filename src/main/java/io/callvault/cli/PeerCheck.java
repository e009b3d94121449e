package io.callvault.cli;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/** Who is on the other end of the control socket: the hub's own user and root may run commands. */
final class PeerCheck {
  private PeerCheck() {
  }

  /** Null when the peer may run commands, else who it is (for the log). */
  static String refusal(SocketChannel ch) throws IOException {
    UnixDomainPrincipal peer;
    try {
      peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
    } catch (UnsupportedOperationException e) {
      return null; // no peer credentials on this OS: the 0600 socket in a 0700 folder is the check
    }
    String user = peer.user().getName();
    String self = System.getProperty("user.name");
    return user.equals(self) || user.equals("root") ? null : "user " + user;
  }
}
