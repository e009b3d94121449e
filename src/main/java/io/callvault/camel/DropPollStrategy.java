package io.callvault.camel;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.remote.RemoteFilePollingConsumerPollStrategy;
import org.apache.camel.spi.RouteIdAware;

/**
 * The PBX sources' poll strategy: Camel's own for remote files (a failed poll drops the connection), and after each
 * poll, on the polling thread and its SFTP session, the census of hidden files ({@link HiddenFiles}).
 */
final class DropPollStrategy extends RemoteFilePollingConsumerPollStrategy {
  private final HiddenFiles hidden;
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
    hidden.afterPoll(endpoint, sourceId);
  }

  @Override
  public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) throws Exception {
    if (polls != null) {
      polls.failed(sourceId(consumer, endpoint), cause);
    }
    return super.rollback(consumer, endpoint, retryCounter, cause);
  }

  private static String sourceId(Consumer consumer, Endpoint endpoint) {
    String routeId = consumer instanceof RouteIdAware r ? r.getRouteId() : null;
    return DropFiles.sourceId(endpoint.getCamelContext(), routeId);
  }
}
