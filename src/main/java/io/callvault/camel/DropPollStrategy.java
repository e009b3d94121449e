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

  DropPollStrategy(HiddenFiles hidden) {
    this.hidden = hidden;
  }

  @Override
  public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
    super.commit(consumer, endpoint, polledMessages);
    String routeId = consumer instanceof RouteIdAware r ? r.getRouteId() : null;
    hidden.afterPoll(endpoint, DropFiles.sourceId(endpoint.getCamelContext(), routeId));
  }
}
