package io.callvault.camel;

import io.callvault.api.ApiAccess;
import io.callvault.api.ApiException;
import io.callvault.api.DeniedRequestLog;
import io.callvault.api.Principal;
import io.callvault.api.WebhookSignature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.SecurityDefinition;
import org.apache.camel.model.rest.VerbDefinition;

/**
 * The one step before every API operation (the interceptor of route configuration {@code callvault-api}
 * in {@code routes/api.camel.yaml}): the body limit, then authentication, then the role check, all as the
 * operation's REST verb declares them, so the OpenAPI document and what is enforced cannot differ.
 * Refusals are audited through {@link DeniedRequestLog}: one entry per kind and window, with the count.
 */
public final class ApiGate {
  /** The exchange property holding the authenticated {@link Principal}. */
  public static final String PRINCIPAL = "callvault.api.principal";
  /** The route configuration every operation route must use. */
  static final String CONFIGURATION = "callvault-api";

  /** An operation as its verb declares it: the security scheme, the roles, whether it takes a body. */
  record Operation(String id, String scheme, Set<String> roles, boolean takesBody) {}

  private final ApiAccess access;
  private final WebhookSignature webhook;
  private final DeniedRequestLog denied;
  private final long maxJsonBody;
  private volatile Map<String, Operation> operations;

  /**
   * @param maxJsonBody the largest body a verb that consumes JSON takes, in bytes (the others take none)
   */
  public ApiGate(ApiAccess access, WebhookSignature webhook, DeniedRequestLog denied, long maxJsonBody) {
    this.access = access;
    this.webhook = webhook;
    this.denied = denied;
    this.maxJsonBody = maxJsonBody;
  }

  /** Body limit, authentication and roles of the operation this exchange is about to run. */
  public void admit(Exchange ex) {
    check(ex, operation(ex));
  }

  /** {@link #admit} for a known operation (not an overload: the route calls {@code admit} by name). */
  void check(Exchange ex, Operation op) {
    byte[] body = ex.getIn().getBody(byte[].class);
    long limit = op.takesBody() ? maxJsonBody : 0;
    if (body != null && body.length > limit) {
      throw ApiException.payloadTooLarge(limit);
    }
    if (op.scheme().equals("crmSignature")) {
      if (!webhook.verify(body == null ? new byte[0] : body, ex.getIn().getHeader(WebhookSignature.HEADER, String.class))) {
        denied.denied("crm-webhook", op.id(), "401: bad or missing signature");
        throw ApiException.badSignature(WebhookSignature.HEADER);
      }
      return;
    }
    Principal who = access.authenticate(ex.getIn().getHeader("Authorization", String.class)).orElse(null);
    if (who == null) {
      denied.denied("anonymous", op.id(), "401: no valid credential");
      throw ApiException.unauthorized();
    }
    if (op.roles().stream().noneMatch(role -> holds(who, role))) {
      throw refuse(who, op.id(), "this operation needs the role " + String.join(" or ", op.roles()));
    }
    ex.setProperty(PRINCIPAL, who);
  }

  /** The onException step of the API routes: the problem detail of what went wrong. */
  public void failed(Exchange ex) {
    ApiReplies.failure(ex);
  }

  /** A 403 decided inside an operation (a reviewer asking for another purpose), audited like the others. */
  ApiException refuse(Principal who, String operation, String detail) {
    denied.denied(who.actor(), operation, "403: " + detail);
    return ApiException.forbidden(detail);
  }

  /** Writes the refusal counts not yet in the audit trail; called when the hub stops. */
  public void flushDenied() {
    denied.flush();
  }

  static Principal principal(Exchange ex) {
    Principal who = ex.getProperty(PRINCIPAL, Principal.class);
    if (who == null) {
      throw new IllegalStateException("API operation " + ex.getFromRouteId() + " ran without the gate");
    }
    return who;
  }

  private static boolean holds(Principal who, String role) {
    return switch (role) {
      case "reviewer" -> who.roles().stream().anyMatch(r -> r.endsWith("-reviewer"));
      default -> who.roles().contains(role);
    };
  }

  private Operation operation(Exchange ex) {
    // the operation's own route (the exchange came from the REST route through direct:)
    org.apache.camel.Route route = ex.getUnitOfWork() == null ? null : ex.getUnitOfWork().getRoute();
    Operation op = route == null ? null : operations(ex.getContext()).get(route.getEndpoint().getEndpointUri());
    if (op == null) {
      // fail closed: a route in callvault-api that no REST verb (with its security) leads to
      throw new ApiException(404, "Not Found", "no such operation");
    }
    return op;
  }

  private Map<String, Operation> operations(CamelContext context) {
    Map<String, Operation> ops = operations;
    if (ops == null) {
      ops = declaredOperations(context);
      operations = ops;
    }
    return ops;
  }

  /**
   * Every REST verb, by the endpoint URI of the route it leads to. Fails when a verb declares no security
   * or leads to a route that does not use {@value #CONFIGURATION}: such an operation would run unguarded.
   */
  static Map<String, Operation> declaredOperations(CamelContext context) {
    Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
    Map<String, Operation> ops = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (RestDefinition rest : model.getRestDefinitions()) {
      for (VerbDefinition verb : rest.getVerbs()) {
        String target = verb.getTo() == null ? null : verb.getTo().getUri();
        String name = verb.getId() != null ? verb.getId() : rest.getPath() + verb.getPath();
        List<SecurityDefinition> security = verb.getSecurity();
        if (target == null || security == null || security.size() != 1) {
          problems.add(name + ": declare exactly one `security` (bearer with scopes, or crmSignature) and a `to`");
          continue;
        }
        if (!guarded(model, target)) {
          problems.add(name + ": the route from " + target + " must set routeConfigurationId: " + CONFIGURATION);
          continue;
        }
        SecurityDefinition s = security.get(0);
        Set<String> roles = new LinkedHashSet<>();
        if (s.getScopes() != null) {
          Arrays.stream(s.getScopes().split(",")).map(String::strip).filter(r -> !r.isEmpty()).forEach(roles::add);
        }
        if (s.getKey().equals("bearer") && roles.isEmpty()) {
          problems.add(name + ": a bearer verb lists the roles it admits in `scopes`");
          continue;
        }
        ops.put(context.getEndpoint(target).getEndpointUri(),
            new Operation(name, s.getKey(), roles, verb.getConsumes() != null));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("routes/api.camel.yaml: " + String.join("; ", problems));
    }
    return Map.copyOf(ops);
  }

  private static boolean guarded(Model model, String target) {
    for (RouteDefinition route : model.getRouteDefinitions()) {
      if (route.getInput() != null && target.equals(route.getInput().getUri())) {
        String conf = route.getRouteConfigurationId();
        return conf != null && Arrays.stream(conf.split(",")).map(String::strip).anyMatch(CONFIGURATION::equals);
      }
    }
    return false;
  }

  /** Checks the declarations when the hub starts, so that a wrong route file stops the start. */
  void verify(CamelContext context) {
    operations = declaredOperations(context);
  }
}
