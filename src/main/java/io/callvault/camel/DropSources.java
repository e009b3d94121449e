package io.callvault.camel;

import io.callvault.source.PbxFormat;
import io.callvault.source.PbxFormats;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * Which PBX source, and so which format, a drop file belongs to: the parameters ({@code sourceId},
 * {@code format}, {@code formatConfig}) of the templated route (routes/pbx-*.camel.yaml) that polls its drop.
 * The drop's filter, sorter and process strategy are shared by every source and see only the file, so the file's
 * drop (host and directory) leads to its route; an exchange knows its route.
 */
final class DropSources implements CamelContextAware {
  /** The source of a drop: its id and its format, set up from its formatConfig. */
  record Source(String sourceId, PbxFormat format) {}

  private final PbxFormats formats;
  private final Map<String, Source> byDrop = new ConcurrentHashMap<>();
  private final Map<String, Source> byRoute = new ConcurrentHashMap<>();
  private volatile CamelContext context;

  DropSources(PbxFormats formats) {
    this.formats = formats;
  }

  @Override
  public void setCamelContext(CamelContext camelContext) {
    this.context = camelContext;
  }

  @Override
  public CamelContext getCamelContext() {
    return context;
  }

  /** The format of the source whose drop listed {@code file}; FreePBX when no route polls that drop. */
  PbxFormat formatOf(GenericFile<?> file) {
    Source s = byDrop.computeIfAbsent(DropFiles.dropKey(file), this::sourceOfDrop);
    return s.format();
  }

  /** The format of the source an exchange came from. */
  PbxFormat formatOf(Exchange exchange) {
    String routeId = exchange.getFromRouteId();
    return routeId == null ? formats.get("freepbx") : byRoute.computeIfAbsent(routeId, this::sourceOfRoute).format();
  }

  private Source sourceOfDrop(String dropKey) {
    CamelContext c = context;
    if (c != null) {
      for (Route r : c.getRoutes()) {
        if (r.getEndpoint() instanceof RemoteFileEndpoint<?> e && dropKey.equals(e.getConfiguration().getHost() + ":"
            + e.getConfiguration().getDirectory())) {
          return byRoute.computeIfAbsent(r.getRouteId(), this::sourceOfRoute);
        }
      }
    }
    return new Source("unknown", formats.get("freepbx"));
  }

  private Source sourceOfRoute(String routeId) {
    Map<String, Object> params = parameters(routeId);
    return new Source(value(params, "sourceId", "unknown"),
        formats.forSource(value(params, "format", "freepbx"), value(params, "formatConfig", "")));
  }

  private Map<String, Object> parameters(String routeId) {
    CamelContext c = context;
    Model model = c == null ? null : c.getCamelContextExtension().getContextPlugin(Model.class);
    RouteDefinition route = model == null ? null : model.getRouteDefinition(routeId);
    return route == null || route.getTemplateParameters() == null ? Map.of() : route.getTemplateParameters();
  }

  private String value(Map<String, Object> params, String name, String fallback) {
    Object v = params.get(name);
    return v == null ? fallback : context.resolvePropertyPlaceholders(v.toString());
  }
}
