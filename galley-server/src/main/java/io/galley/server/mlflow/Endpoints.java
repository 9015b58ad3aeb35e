package io.galley.server.mlflow;

import io.galley.client.mlflow.WireJson;
import io.galley.server.access.AuditTrail;
import io.galley.server.access.Caller;
import io.galley.server.access.ResourcePermissions;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;

/**
 * Registers an MLflow endpoint under {@code /api/2.0/mlflow/} and {@code /ajax-api/2.0/mlflow/},
 * reads its request message, checks its {@link Rule} of the caller and writes its response as JSON.
 * Every registration names a rule, so that an endpoint cannot be added without deciding who may
 * call it.
 */
final class Endpoints {
  static final List<String> PREFIXES = List.of("/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/");

  /** The empty response message, written {@code {}}. */
  static final Object EMPTY = Map.of();

  /** One endpoint: a request message in, a response message (a {@code *Json} record) out. */
  @FunctionalInterface
  interface Action {
    Object handle(RequestFields request, Caller caller);
  }

  /**
   * An endpoint that reads its JSON body itself (log-batch, whose body is large) and so checks its
   * caller itself, once it has read what the body names.
   */
  @FunctionalInterface
  interface BodyAction {
    Object handle(byte[] body, Caller caller);
  }

  private final RoutesConfig routing;
  private final long maxBodyBytes;
  private final ResourcePermissions permissions;

  Endpoints(RoutesConfig routing, long maxBodyBytes, ResourcePermissions permissions) {
    this.routing = routing;
    this.maxBodyBytes = maxBodyBytes;
    this.permissions = permissions;
  }

  void get(String path, Rule rule, Action action) {
    for (String prefix : PREFIXES) {
      routing.get(prefix + path, ctx -> serve(ctx, rule, action));
    }
  }

  void post(String path, Rule rule, Action action) {
    for (String prefix : PREFIXES) {
      routing.post(prefix + path, ctx -> serve(ctx, rule, action));
    }
  }

  void patch(String path, Rule rule, Action action) {
    for (String prefix : PREFIXES) {
      routing.patch(prefix + path, ctx -> serve(ctx, rule, action));
    }
  }

  void delete(String path, Rule rule, Action action) {
    for (String prefix : PREFIXES) {
      routing.delete(prefix + path, ctx -> serve(ctx, rule, action));
    }
  }

  void postBody(String path, BodyAction action) {
    for (String prefix : PREFIXES) {
      routing.post(
          prefix + path,
          ctx -> {
            Object response =
                action.handle(
                    RequestBodies.readBytes(ctx, maxBodyBytes), Caller.of(ctx, permissions));
            ctx.contentType("application/json").result(WireJson.write(response));
          });
    }
  }

  private void serve(Context ctx, Rule rule, Action action) {
    RequestFields request = readRequest(ctx);
    Caller caller = Caller.of(ctx, permissions);
    rule.check(request, caller);
    Object response = action.handle(request, caller);
    if (ctx.method() != HandlerType.GET) {
      AuditTrail.note(ctx, () -> ids(request));
    }
    ctx.contentType("application/json").result(WireJson.write(response));
  }

  /** The fields of a request that name what it changed, for the audit trail. */
  private static Map<String, String> ids(RequestFields request) {
    Map<String, String> ids = new java.util.LinkedHashMap<>();
    for (String field : AuditTrail.ID_FIELDS) {
      try {
        String value = request.string(field);
        if (value != null) {
          ids.put(field, value);
        }
      } catch (RuntimeException e) {
        // Not a string field (a bool or a number MLflow sends as one): left out.
      }
    }
    return ids;
  }

  /**
   * GET reads the query string; POST, PATCH and DELETE (and a GET without query parameters, as
   * MLflow allows) read the JSON body, where an empty body is an empty message. A DELETE with an
   * empty body reads its query string instead: MLflow's clients send a body, but {@code curl -X
   * DELETE '...?name=x'} is how people type it.
   */
  private RequestFields readRequest(Context ctx) {
    HandlerType method = ctx.method();
    if (method == HandlerType.GET) {
      Map<String, List<String>> query = ctx.queryParamMap();
      if (!query.isEmpty()) {
        return RequestFields.ofQuery(query);
      }
    }
    if (method == HandlerType.DELETE) {
      byte[] body = RequestBodies.readBytes(ctx, maxBodyBytes);
      Map<String, List<String>> query = ctx.queryParamMap();
      if (RequestBodies.isBlank(body) && !query.isEmpty()) {
        return RequestFields.ofQuery(query);
      }
      return RequestFields.ofBody(RequestBodies.parseObject(body));
    }
    return RequestFields.ofBody(RequestBodies.readObject(ctx, maxBodyBytes));
  }
}
