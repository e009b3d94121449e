package io.callvault.camel;

import io.callvault.ingest.DropConnections;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.remote.RemoteFilePollingConsumerPollStrategy;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.spi.RouteIdAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PBX sources' poll strategy. After each poll, on the polling thread and its SFTP session, the census of hidden
 * files ({@link HiddenFiles}). When the SFTP server cannot be polled (the template sets
 * {@code throwExceptionOnConnectFailed}, so a failed login reaches here instead of Camel's bare "Will skip this
 * poll"), the cause is logged once, in words an operator can act on ({@link DropConnections}: "host key for
 * 10.0.0.5:22 not in config/known_hosts", "authentication failed for user pbx"), and the consumer backs off
 * ({@code backoffErrorThreshold}/{@code backoffMultiplier}). The same cause is not logged again until it changes or
 * the source connects again, which is logged once too. A poll that failed after it had connected drops the
 * connection, as Camel's own strategy for remote files does, so that the next poll connects anew.
 */
final class DropPollStrategy extends RemoteFilePollingConsumerPollStrategy {
  private static final Logger LOG = LoggerFactory.getLogger(DropPollStrategy.class);
  private final HiddenFiles hidden;
  private final Map<String, String> failing = new ConcurrentHashMap<>();
  /** The failures explained here, which the source's exception handler then does not log again. */
  private final Set<Throwable> explained = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
  private final DropPolls polls;

  DropPollStrategy(HiddenFiles hidden) {
    this(hidden, null);
  }

  DropPollStrategy(HiddenFiles hidden, DropPolls polls) {
    this.hidden = hidden;
    this.polls = polls;
  }

  @Override
  public boolean begin(Consumer consumer, Endpoint endpoint) {
    if (polls != null) {
      polls.began();
    }
    return super.begin(consumer, endpoint);
  }

  @Override
  public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
    super.commit(consumer, endpoint, polledMessages);
    String sourceId = sourceId(consumer, endpoint);
    if (polls != null) {
      polls.succeeded(sourceId);
    }
    if (failing.remove(where(endpoint)) != null) {
      LOG.info("PBX drop {} can be polled again", where(endpoint));
    }
    if (hidden != null) {
      hidden.afterPoll(endpoint, sourceId);
    }
  }

  @Override
  public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) throws Exception {
    if (polls != null) {
      polls.failed(sourceId(consumer, endpoint), cause);
    }
    String why = explain(endpoint, cause);
    if (!why.equals(failing.put(where(endpoint), why))) {
      LOG.warn("PBX drop {} cannot be polled: {}; retried with backoff, logged again only when this changes",
          where(endpoint), why);
    } else {
      LOG.debug("PBX drop {} still cannot be polled: {}", where(endpoint), why);
    }
    explained.add(cause);
    if (connectFailed(cause)) {
      return false; // a failed login leaves no session behind: the next poll that is not skipped connects anew
    }
    return super.rollback(consumer, endpoint, retryCounter, cause);
  }

  /** True when {@code failure} was explained (logged once) here. */
  boolean explained(Throwable failure) {
    return explained.contains(failure);
  }

  private static boolean connectFailed(Exception cause) {
    return cause instanceof GenericFileOperationFailedException
        && String.valueOf(cause.getMessage()).startsWith("Cannot connect to");
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

  private static String sourceId(Consumer consumer, Endpoint endpoint) {
    String routeId = consumer instanceof RouteIdAware r ? r.getRouteId() : null;
    return DropFiles.sourceId(endpoint.getCamelContext(), routeId);
  }
}
