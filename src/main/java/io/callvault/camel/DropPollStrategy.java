package io.callvault.camel;

import io.callvault.ingest.DropConnections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a PBX source does when its SFTP server cannot be polled (the template sets
 * {@code throwExceptionOnConnectFailed}, so a failed login reaches here instead of Camel's bare "Will skip this
 * poll"): it logs the cause once, in words an operator can act on ({@link DropConnections}: "host key for
 * 10.0.0.5:22 not in config/known_hosts", "authentication failed for user pbx") and lets the consumer back off ({@code backoffErrorThreshold}/{@code backoffMultiplier}). The same cause is not
 * logged again until it changes or the source connects again, which is logged once too.
 */
final class DropPollStrategy implements PollingConsumerPollStrategy {
  private static final Logger LOG = LoggerFactory.getLogger(DropPollStrategy.class);
  private final Map<String, String> failing = new ConcurrentHashMap<>();

  @Override
  public boolean begin(Consumer consumer, Endpoint endpoint) {
    return true;
  }

  @Override
  public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
    String was = failing.remove(key(endpoint));
    if (was != null) {
      LOG.info("PBX drop {} can be polled again", where(endpoint));
    }
  }

  @Override
  public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
    // a failed login leaves no session behind: the next poll that is not skipped connects anew
    String why = explain(endpoint, cause);
    if (!why.equals(failing.put(key(endpoint), why))) {
      LOG.warn("PBX drop {} cannot be polled: {}; retried with backoff, logged again only when this changes",
          where(endpoint), why);
    } else {
      LOG.debug("PBX drop {} still cannot be polled: {}", where(endpoint), why);
    }
    return false;
  }

  private static String explain(Endpoint endpoint, Exception cause) {
    if (!(endpoint instanceof SftpEndpoint sftp)) {
      return io.callvault.ingest.Redaction.reason(cause);
    }
    SftpConfiguration c = sftp.getConfiguration();
    return new DropConnections(c.getHost(), c.getPort(), c.getUsername(), c.getKnownHostsFile(), c.getDirectory())
        .explain(cause);
  }

  /** The drop as an operator names it (never the endpoint URI: it carries the password). */
  private static String where(Endpoint endpoint) {
    if (endpoint instanceof SftpEndpoint sftp) {
      SftpConfiguration c = sftp.getConfiguration();
      return c.getUsername() + "@" + c.getHost() + ":" + c.getPort() + " " + c.getDirectory();
    }
    return endpoint.getClass().getSimpleName();
  }

  private static String key(Endpoint endpoint) {
    return where(endpoint);
  }
}
