package io.callvault.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a PBX drop's SFTP server cannot be polled, in words an operator can act on: the host key is not in the
 * known_hosts file (or differs from it), the login was refused, the server offers only algorithms the client
 * refuses (an old server with ssh-rsa host keys), the server cannot be reached, the drop directory cannot be
 * listed. Read from the failure's causes (the SSH client's messages), never quoting a password.
 *
 * @param host the server's host, as configured
 * @param port its port
 * @param user the login
 * @param knownHosts the known_hosts file, as configured (null when none)
 * @param directory the drop directory
 */
public record DropConnections(String host, int port, String user, String knownHosts, String directory) {
  private static final Pattern PROPOSAL = Pattern.compile("algorithmName=\"([^\"]*)\".*serverProposal=\"([^\"]*)\"");

  /** The cause of {@code failure}, one line. */
  public String explain(Throwable failure) {
    String where = host + ":" + port;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage();
      String name = t.getClass().getSimpleName();
      if (m.startsWith("UnknownHostKey") || name.equals("JSchUnknownHostKeyException")) {
        return "host key for " + where + " not in " + knownHosts + (knownHosts != null && !Files.exists(Path.of(
            knownHosts)) ? " (the file does not exist)" : "") + ": add it with ssh-keyscan -p " + port
            // -t between port and host: the log's phone-number guard would take "22 10.0.0.5" for a number
            + " -t ed25519,ecdsa " + host + " >> " + knownHosts + " and check its fingerprint with the PBX's administrator";
      }
      if (m.startsWith("HostKey has been changed") || name.equals("JSchChangedHostKeyException")) {
        return "host key for " + where + " differs from the one in " + knownHosts + ": the server was reinstalled, or"
            + " someone is in between; check with the PBX's administrator before replacing its line";
      }
      if (m.startsWith("Auth fail") || m.startsWith("Auth cancel") || name.equals("JSchAuthCancelException")) {
        return "authentication failed for user " + user + " on " + where + ": check the source's password or"
            + " private key (and that the server has its public key)";
      }
      if (m.startsWith("Algorithm negotiation fail")) {
        return negotiation(where, m);
      }
      if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
          || t instanceof java.net.SocketTimeoutException || m.startsWith("timeout: socket is not established")) {
        return "cannot connect to " + where + " (" + name + (m.isEmpty() ? "" : ": " + m) + "): check the host, the"
            + " port and the network";
      }
      if (m.contains("invalid privatekey") || t instanceof java.io.FileNotFoundException) {
        return "the private key cannot be read (" + m + "): check the source's privateKeyFile";
      }
    }
    String top = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    if (top.contains("list") || top.contains("directory")) {
      return "the drop directory " + directory + " cannot be listed on " + where + ": check that it exists and that"
          + " user " + user + " may read it (" + Redaction.reason(failure) + ")";
    }
    return "polling " + where + " failed: " + Redaction.reason(failure);
  }

  private static String negotiation(String where, String message) {
    Matcher m = PROPOSAL.matcher(message);
    boolean found = m.find();
    String what = found ? m.group(1) : "algorithm";
    String offered = found ? m.group(2) : "?";
    String option = what.equals("server_host_key") ? "serverHostKeys" : what.equals("kex") ? "keyExchangeProtocols"
        : "the source's algorithm options";
    return "the server " + where + " offers only " + what + " algorithms the client refuses (" + offered + "):"
        + " an old server; to accept them set " + option + " on this source (README, 'Old SSH servers'), knowing"
        + " that they are weaker";
  }
}
