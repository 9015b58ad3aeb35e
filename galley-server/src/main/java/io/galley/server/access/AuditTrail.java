package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.mlflow.WireJson;
import io.galley.core.InvalidRequestException;
import io.galley.core.access.AuditEvent;
import io.galley.core.access.AuditLog;
import io.galley.server.access.Authenticator.Principal;
import io.galley.server.http.JsonObjectBody;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Who changed what: after every request that changed something and succeeded, one {@link
 * AuditEvent} naming the signed-in caller, the endpoint and the ids of what it changed (never a
 * secret: only the id fields listed in {@link #ID_FIELDS}, never a password, token, tag value or
 * body). Experiments, runs, models, versions, aliases, tags, permissions, users, tokens, groups,
 * collections and images pushed or deleted are recorded; what a training program logs (metrics,
 * params, inputs, artifacts, traces and image layers) is data, not a change, and is left out, so
 * that logging pays nothing for it.
 *
 * <p>{@code GET /api/2.0/galley/audit/list?since=<ms>&user=<name>&max_results=&page_token=}: the
 * events, newest first; an administrator's.
 */
public final class AuditTrail implements AutoCloseable {
  /** Where an endpoint leaves the ids it changed, when it read its body itself. */
  public static final String RESOURCE = "galley.audit.resource";

  /** Where the registry leaves the subject of a bearer token it accepted. */
  public static final String ACTOR = "galley.audit.actor";

  /** The request fields that name what changed; nothing else is recorded. */
  public static final List<String> ID_FIELDS =
      List.of(
          "experiment_id",
          "run_id",
          "run_uuid",
          "name",
          "new_name",
          "version",
          "alias",
          "key",
          "stage",
          "username",
          "group_name",
          "pattern",
          "permission",
          "is_admin",
          "token_id",
          "scope");

  /** Endpoints whose calls are data a program logs, not changes. */
  private static final Set<String> DATA =
      Set.of(
          "runs/log-metric",
          "runs/log-parameter",
          "runs/log-batch",
          "runs/log-inputs",
          "runs/log-model",
          "traces",
          "traces/delete-traces");

  private static final Pattern API_PREFIX = Pattern.compile("^/(ajax-)?api/2\\.0/");

  private static final int DEFAULT_MAX = 100;
  private static final int MAX = 10_000;

  private final AuditLog log;
  private final AuditWriter writer;
  private final Clock clock;

  public AuditTrail(AuditLog log, Clock clock) {
    this.log = requireNonNull(log, "log");
    this.writer = new AuditWriter(log);
    this.clock = requireNonNull(clock, "clock");
  }

  /** Stores what is still queued. */
  @Override
  public void close() {
    writer.close();
  }

  public void mount(RoutesConfig routing) {
    for (String prefix : List.of("/api/2.0", "/ajax-api/2.0")) {
      routing.get(prefix + "/galley/audit/list", this::list);
    }
    routing.after(this::record);
  }

  /**
   * Notes the ids a request changed, for an endpoint that read its body itself; they are read only
   * when the request is recorded, so that data a program logs costs nothing here.
   */
  public static void note(Context ctx, Supplier<Map<String, String>> ids) {
    ctx.attribute(RESOURCE, ids);
  }

  /** {@code field=value} for each of {@link #ID_FIELDS} present, in that order. */
  private static String describe(Map<String, String> ids) {
    StringBuilder resource = new StringBuilder();
    for (String field : ID_FIELDS) {
      String value = ids.get(field);
      if (value != null && !value.isEmpty()) {
        resource.append(resource.length() == 0 ? "" : " ").append(field).append('=').append(value);
      }
    }
    return resource.toString();
  }

  private void record(Context ctx) {
    HandlerType method = ctx.method();
    if (method == HandlerType.GET
        || method == HandlerType.HEAD
        || method == HandlerType.OPTIONS
        || ctx.status().getCode() >= 400) {
      return;
    }
    String action = action(ctx);
    if (action == null) {
      return;
    }
    Principal principal = AccessGuard.principal(ctx);
    String actor = principal != null ? principal.user().name() : ctx.attribute(ACTOR);
    if (actor == null) {
      return; // access control is off, or nobody signed in: nothing to hold anyone to
    }
    Supplier<Map<String, String>> noted = ctx.attribute(RESOURCE);
    String resource = noted == null ? resource(ctx) : describe(noted.get());
    writer.submit(
        new AuditEvent(
            0, clock.instant(), actor, action, resource, ctx.status().getCode(), ctx.ip()));
  }

  /** The endpoint as the log names it, or null when the request is not a change recorded. */
  private static @Nullable String action(Context ctx) {
    String path = ctx.path();
    if (path.startsWith("/v2/")) {
      if (ctx.method() == HandlerType.PUT && path.contains("/manifests/")) {
        return "registry/push";
      }
      if (ctx.method() == HandlerType.DELETE) {
        return "registry/delete";
      }
      return null; // layer uploads, the token endpoint
    }
    String rest = API_PREFIX.matcher(path).replaceFirst("");
    if (rest.equals(path)) {
      return null;
    }
    if (rest.startsWith("mlflow-artifacts/")) {
      return ctx.method() == HandlerType.DELETE ? "artifacts/delete" : null;
    }
    String endpoint = rest.startsWith("mlflow/") ? rest.substring("mlflow/".length()) : rest;
    if (DATA.contains(endpoint) || endpoint.startsWith("traces/") || endpoint.endsWith("/search")) {
      return null;
    }
    return endpoint;
  }

  /** The ids a request named: its registry path, else its query and (small) JSON body. */
  private static String resource(Context ctx) {
    String path = ctx.path();
    if (path.startsWith("/v2/") || path.contains("/mlflow-artifacts/")) {
      return "path=" + path;
    }
    Map<String, String> ids = new LinkedHashMap<>();
    ctx.queryParamMap().forEach((k, v) -> ids.put(k, v.isEmpty() ? "" : v.get(0)));
    String type = ctx.contentType();
    if (type != null && type.startsWith("application/json") && ctx.contentLength() <= 65_536) {
      try {
        JsonNode body = JsonObjectBody.parse(ctx.body());
        for (String field : ID_FIELDS) {
          JsonNode value = body.path(field);
          if (value.isValueNode() && !value.isNull()) {
            ids.put(field, value.asText());
          }
        }
      } catch (RuntimeException e) {
        // Not a JSON object: the query's ids are what there is.
      }
    }
    return describe(ids);
  }

  private void list(Context ctx) {
    Principal caller = AccessGuard.principal(ctx);
    if (caller == null) {
      throw new io.galley.core.GalleyException(
          io.galley.core.ErrorCode.INVALID_STATE,
          "Access control is off: start the server with --access-control to have an audit log");
    }
    AccessRoutes.requireAdmin(caller);
    Instant since =
        millis(ctx.queryParam("since"), "since") == null
            ? null
            : Instant.ofEpochMilli(millis(ctx.queryParam("since"), "since"));
    String user = ctx.queryParam("user");
    Long before = millis(ctx.queryParam("page_token"), "page_token");
    Long max = millis(ctx.queryParam("max_results"), "max_results");
    int limit = max == null ? DEFAULT_MAX : (int) Math.max(1, Math.min(MAX, max));
    writer.flush(java.time.Duration.ofSeconds(5)); // this server's own changes, all of them
    List<AuditEvent> events =
        log.events(since, user == null || user.isEmpty() ? null : user, before, limit + 1);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("events", events.stream().limit(limit).map(AuditTrail::eventJson).toList());
    if (events.size() > limit) {
      json.put("next_page_token", Long.toString(events.get(limit - 1).id()));
    }
    ctx.contentType("application/json").result(WireJson.write(json));
  }

  private static Map<String, Object> eventJson(AuditEvent e) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", e.id());
    json.put("timestamp", e.occurredAt().toEpochMilli());
    json.put("user", e.actor());
    json.put("action", e.action());
    json.put("resource", e.resource());
    json.put("status", e.status());
    json.put("address", e.address());
    return json;
  }

  private static @Nullable Long millis(@Nullable String text, String field) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          "Invalid value for parameter '" + field + "': give a whole number");
    }
  }
}
