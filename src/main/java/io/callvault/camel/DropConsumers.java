package io.callvault.camel;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PBX source's {@code concurrency} (parameter of routes/pbx-source-template.camel.yaml): that many consumers poll
 * its drop, each with its own SFTP session, and work on different recordings at once. Each recording is claimed
 * before it is opened ({@link DropClaims}: in memory on H2, in the catalog when hubs share PostgreSQL), so one
 * consumer of one hub has it. The first consumer is the route the source's file declares; the others are made from
 * the same template with the same parameters, as routes {@code <routeId>-2} ... {@code <routeId>-N}.
 */
final class DropConsumers {
  static final String TEMPLATE = "pbx-sftp-source";
  static final String PARAMETER = "concurrency";
  static final int MAX = 32;
  private static final Logger LOG = LoggerFactory.getLogger(DropConsumers.class);

  private DropConsumers() {}

  /** Adds the extra consumers of every source whose concurrency is above 1; before the routes start. */
  static void add(CamelContext context) throws Exception {
    Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
    for (RouteDefinition route : List.copyOf(model.getRouteDefinitions())) {
      Map<String, Object> params = route.getTemplateParameters();
      if (!route.isCreatedFromTemplate() || params == null || !params.containsKey("sourceId")) {
        continue;
      }
      int n = concurrency(context, route);
      long first = millis(context, route, "initialDelay", 1000);
      long interval = millis(context, route, "pollInterval", 10_000);
      for (int k = 2; k <= n; k++) {
        TemplatedRouteBuilder copy = TemplatedRouteBuilder.builder(context, TEMPLATE)
            .routeId(route.getRouteId() + "-" + k);
        Map<String, Object> same = new java.util.LinkedHashMap<>(params);
        // a later first poll: the polls interleave, and Camel allows one consumer per endpoint (URI). Camel keeps
        // each parameter under its name and its dashed form (initial-delay): both must change
        String later = Long.toString(first + Math.max(1, (k - 1) * interval / n));
        same.put("initialDelay", later);
        same.put("initial-delay", later);
        same.forEach(copy::parameter);
        copy.add();
      }
      if (n > 1) {
        LOG.info("PBX source {}: {} consumers poll its drop (concurrency), each recording claimed by one",
            context.resolvePropertyPlaceholders(params.get("sourceId").toString()), n);
      }
    }
  }

  private static long millis(CamelContext context, RouteDefinition route, String name, long fallback) {
    Object v = route.getTemplateParameters().get(name);
    if (v == null && route.getTemplateDefaultParameters() != null) {
      v = route.getTemplateDefaultParameters().get(name);
    }
    try {
      return v == null ? fallback : Long.parseLong(context.resolvePropertyPlaceholders(v.toString()).trim());
    } catch (NumberFormatException e) {
      return fallback; // the route itself refuses it when it starts
    }
  }

  private static int concurrency(CamelContext context, RouteDefinition route) {
    Object v = route.getTemplateParameters().get(PARAMETER);
    if (v == null && route.getTemplateDefaultParameters() != null) {
      v = route.getTemplateDefaultParameters().get(PARAMETER);
    }
    String text = v == null ? "1" : context.resolvePropertyPlaceholders(v.toString()).trim();
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= MAX) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(new ConfigProblem("route " + route.getRouteId(), PARAMETER,
        "'" + text + "' is not a number of consumers", "write a whole number from 1 to " + MAX
            + " (default: callvault.drop.concurrency, the number of cores)"));
  }
}
