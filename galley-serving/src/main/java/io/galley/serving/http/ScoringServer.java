package io.galley.serving.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.galley.serving.mlflow.ScoringRequests;
import io.galley.serving.mlflow.ScoringResponses;
import io.galley.serving.predict.InvalidInputException;
import io.galley.serving.predict.ServedModel;
import io.galley.serving.predict.Tensor;
import io.galley.serving.v2.InferRequest;
import io.galley.serving.v2.InferenceProtocol;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model server: MLflow 2's scoring protocol ({@code /ping}, {@code /health}, {@code /version},
 * {@code /invocations}) and the Open Inference Protocol ({@code /v2/...}) for one loaded model,
 * with Prometheus metrics at {@code /metrics}. Errors are each protocol's own body: MLflow's {@code
 * {"error_code", "message"}}, the inference protocol's {@code {"error"}}. {@link #stop()} lets
 * requests in flight finish (up to the drain timeout) before it returns.
 */
public final class ScoringServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringServer.class);
  private static final JsonFactory JSON = new JsonFactory();

  static {
    // Without this, Jetty's MemoryUtils asks the platform MBean server whether oops are compressed
    // (to pad its queues to a cache line), which starts JMX and registers JFR's beans: about 100
    // ms of a model server's start. 16 references of 4 bytes fill a 64-byte line.
    if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
      System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
    }
  }

  private final ServedModel model;
  private final ServingConfig config;
  private final String version;
  private final ScoringRequests scoring = new ScoringRequests();
  private final InferenceProtocol inference = new InferenceProtocol();
  private final ServingMetrics metrics;
  private final Javalin app;

  public ScoringServer(ServedModel model, ServingConfig config, String galleyVersion) {
    this.model = requireNonNull(model, "model");
    this.config = requireNonNull(config, "config");
    this.version = requireNonNull(galleyVersion, "galleyVersion");
    this.metrics = new ServingMetrics(config.accessLog());
    this.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.startupWatcherEnabled = false;
              cfg.http.maxRequestSize = config.maxBodyBytes();
              cfg.http.prefer405over404 = true;
              cfg.router.ignoreTrailingSlashes = true;
              cfg.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setMaxUnconsumedRequestContentReads(1024);
                    http.setSendServerVersion(false);
                  });
              cfg.jetty.addConnector(
                  (server, http) -> {
                    ServerConnector c =
                        new ServerConnector(server, new HttpConnectionFactory(http));
                    c.setHost(config.host());
                    c.setPort(config.port());
                    // A client that stops sending mid-request is let go after 30 s.
                    c.setIdleTimeout(30_000);
                    return c;
                  });
              cfg.jetty.modifyServer(
                  server -> {
                    // Jetty 12 lets requests in flight finish on stop only under a GracefulHandler.
                    server.setHandler(new GracefulHandler());
                    server.setStopTimeout(config.drainTimeout().toMillis());
                    server.setStopAtShutdown(false);
                    server.setRequestLog(metrics);
                    server.setErrorHandler(new JettyRefusals());
                  });
              mount(cfg.routes);
            });
  }

  private void mount(RoutesConfig r) {
    r.before(this::crossOrigin);
    r.get("/ping", this::ping);
    r.get("/health", this::ping);
    r.get("/version", ctx -> ctx.contentType("text/plain; charset=utf-8").result(version + "\n"));
    r.post("/invocations", this::invocations);
    r.get(
        "/metrics",
        ctx -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          metrics.write(out);
          ctx.contentType(ServingMetrics.contentType()).result(out.toByteArray());
        });
    r.get("/v2/health/live", ctx -> json(ctx, 200, g -> bool(g, "live", true)));
    r.get("/v2/health/ready", ctx -> json(ctx, 200, g -> bool(g, "ready", true)));
    r.get("/v2", this::serverMetadata);
    r.get("/v2/models/{name}", this::metadata);
    r.get("/v2/models/{name}/versions/{version}", this::metadata);
    r.get("/v2/models/{name}/ready", this::modelReady);
    r.get("/v2/models/{name}/versions/{version}/ready", this::modelReady);
    r.post("/v2/models/{name}/infer", this::infer);
    r.post("/v2/models/{name}/versions/{version}/infer", this::infer);

    r.exception(InvalidInputException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    r.exception(Refusal.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    r.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          int status = e.getStatus();
          String message =
              status == 404
                  ? "no such endpoint: " + ctx.method() + " " + endpointHint(ctx)
                  : status == 405
                      ? ctx.method() + " is not allowed here"
                      : status == 413
                          ? "the body is larger than the limit of "
                              + config.maxBodyBytes()
                              + " bytes"
                          : "the request was refused (" + status + ")";
          error(ctx, status, message);
        });
    r.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          error(ctx, 500, "the server failed to answer; its log has the reason");
        });
  }

  /**
   * CORS: a page the policy allows gets {@code Access-Control-Allow-Origin} and its preflight is
   * answered here (204, before any route is looked up); any other page's request is refused with
   * 403. Requests without {@code Origin} (curl, SDKs, other servers) are not affected.
   */
  private void crossOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return;
    }
    if (!config.crossOrigins().allows(origin, ctx.header("Host"))) {
      throw new Refusal(
          403,
          "web pages of this origin may not call this model server; allow one with galley serve"
              + " --cors-allowed-origins (env GALLEY_CORS_ALLOWED_ORIGINS)");
    }
    ctx.header("Access-Control-Allow-Origin", origin);
    ctx.header("Vary", "Origin");
    if (ctx.method().name().equals("OPTIONS")
        && ctx.header("Access-Control-Request-Method") != null) {
      ctx.header("Access-Control-Allow-Methods", "GET, POST");
      ctx.header("Access-Control-Allow-Headers", "Content-Type");
      ctx.header("Access-Control-Max-Age", "600");
      // Chrome's Private Network Access asks before a public page reaches a private address.
      if ("true".equalsIgnoreCase(ctx.header("Access-Control-Request-Private-Network"))) {
        ctx.header("Access-Control-Allow-Private-Network", "true");
      }
      ctx.status(204);
      ctx.skipRemainingHandlers();
    }
  }

  private void ping(Context ctx) {
    json(ctx, 200, g -> g.writeStringField("status", "ok"));
  }

  private void invocations(Context ctx) {
    withinMemory(() -> answerInvocations(ctx));
  }

  private void answerInvocations(Context ctx) {
    String mime = mediaType(ctx, true);
    byte[] body = body(ctx);
    List<Tensor> inputs =
        mime.equals("text/csv")
            ? scoring.csv(body, model.signature())
            : scoring.json(body, model.signature());
    List<Tensor> outputs = model.predict(inputs);
    metrics.predicted("mlflow", inputs.isEmpty() ? 0 : inputs.get(0).rows());
    ctx.status(200)
        .contentType("application/json")
        .result(bytes(g -> ScoringResponses.write(g, outputs)));
  }

  private void infer(Context ctx) {
    withinMemory(() -> answerInfer(ctx));
  }

  /**
   * A body within the limit can still hold more rows than the heap takes at once (every value is an
   * object until it is converted). The allocation that fails is the request's own, so the server
   * answers 413 and goes on: its other requests and its model are untouched.
   */
  private static void withinMemory(Runnable answer) {
    try {
      answer.run();
    } catch (OutOfMemoryError e) {
      throw new Refusal(
          413,
          "the request holds more rows than this server's memory takes at once; send fewer rows"
              + " per request (or give the server more heap, e.g. GALLEY_JAVA_OPTS=-Xmx8g)");
    }
  }

  private void answerInfer(Context ctx) {
    checkModel(ctx);
    String mime = ctx.header("Content-Type") == null ? "application/json" : mediaType(ctx, false);
    if (!mime.equals("application/json")) {
      throw new Refusal(415, "an inference request is application/json");
    }
    InferRequest request = inference.read(body(ctx));
    List<Tensor> inputs = InferenceProtocol.conform(model, request);
    List<Tensor> outputs = model.predict(inputs);
    metrics.predicted("v2", inputs.isEmpty() ? 0 : inputs.get(0).rows());
    byte[] answer = bytes(g -> InferenceProtocol.writeResponse(g, model, request, outputs));
    ctx.status(200).contentType("application/json").result(answer);
  }

  private void serverMetadata(Context ctx) {
    json(
        ctx,
        200,
        g -> {
          g.writeStringField("name", "galley");
          g.writeStringField("version", version);
          g.writeArrayFieldStart("extensions");
          g.writeEndArray();
        });
  }

  private void metadata(Context ctx) {
    checkModel(ctx);
    ctx.status(200)
        .contentType("application/json")
        .result(bytes(g -> InferenceProtocol.writeMetadata(g, model)));
  }

  private void modelReady(Context ctx) {
    checkModel(ctx);
    json(
        ctx,
        200,
        g -> {
          g.writeStringField("name", model.name());
          g.writeBooleanField("ready", true);
        });
  }

  /** A path naming another model or version than the one served: 404, naming the served one. */
  private void checkModel(Context ctx) {
    String name = ctx.pathParam("name");
    String v = ctx.pathParamMap().get("version");
    if (!name.equals(model.name())) {
      throw new Refusal(404, "no such model here; this server serves '" + model.name() + "'");
    }
    if (v != null && !v.equals(model.version())) {
      throw new Refusal(
          404,
          "no such version of '"
              + model.name()
              + "' here; this server serves "
              + (model.version() == null ? "it unversioned" : "version " + model.version()));
    }
  }

  /**
   * The request's media type, lower case; 415 for one without, one other than JSON or CSV (for
   * MLflow's endpoint), a charset other than UTF-8, or another parameter, as MLflow refuses them.
   */
  private static String mediaType(Context ctx, boolean csvToo) {
    String header = ctx.header("Content-Type");
    String expected = csvToo ? "application/json or text/csv" : "application/json";
    if (header == null || header.isBlank()) {
      throw new Refusal(415, "the request needs a Content-Type: " + expected);
    }
    String[] parts = header.split(";");
    String mime = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json") && !(csvToo && mime.equals("text/csv"))) {
      throw new Refusal(415, "this server takes " + expected + " bodies");
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : p.substring(eq + 1).trim().replace("\"", "");
      if (!key.equals("charset")) {
        throw new Refusal(415, "the Content-Type takes no parameter but charset");
      }
      if (!value.equalsIgnoreCase("utf-8")) {
        throw new Refusal(415, "this server takes only UTF-8 bodies");
      }
    }
    return mime;
  }

  /** The body, whole; 413 past the limit, whether it was announced or only sent. */
  private byte[] body(Context ctx) {
    long max = config.maxBodyBytes();
    long declared = ctx.req().getContentLengthLong();
    if (declared > max) {
      throw new Refusal(413, "the body is larger than the limit of " + max + " bytes");
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] b = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 16));
      if (b.length > max) {
        throw new Refusal(413, "the body is larger than the limit of " + max + " bytes");
      }
      return b;
    } catch (IOException e) {
      throw new Refusal(400, "the body could not be read to its end");
    }
  }

  /** The error body of the protocol the path belongs to. */
  private static void error(Context ctx, int status, @Nullable String message) {
    String text = message == null ? "the request was refused" : message;
    boolean v2 = ctx.path().startsWith("/v2");
    byte[] body =
        bytes(
            g -> {
              g.writeStartObject();
              if (v2) {
                g.writeStringField("error", text);
              } else {
                g.writeStringField(
                    "error_code", status >= 500 ? "INTERNAL_ERROR" : errorCode(status));
                g.writeStringField("message", text);
              }
              g.writeEndObject();
            });
    ctx.status(status).contentType("application/json").result(body);
  }

  private static String errorCode(int status) {
    return status == 404 ? "ENDPOINT_NOT_FOUND" : "BAD_REQUEST";
  }

  private static String endpointHint(Context ctx) {
    return ctx.path().startsWith("/v2")
        ? "(the inference protocol's are /v2, /v2/health/*, /v2/models/NAME[/versions/V][/ready|/infer])"
        : "(MLflow's are /ping, /health, /version, /invocations)";
  }

  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static void json(Context ctx, int status, Body fields) {
    byte[] body =
        bytes(
            g -> {
              g.writeStartObject();
              fields.write(g);
              g.writeEndObject();
            });
    ctx.status(status).contentType("application/json").result(body);
  }

  private static void bool(JsonGenerator g, String name, boolean value) throws IOException {
    g.writeBooleanField(name, value);
  }

  private static byte[] bytes(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Binds and serves; returns the bound port. */
  public int start() {
    app.start();
    return app.port();
  }

  public String baseUri() {
    String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + h + ":" + app.port();
  }

  /** Stops taking requests, lets those in flight finish (up to the drain timeout), then stops. */
  public void stop() {
    app.stop();
  }

  @Override
  public void close() {
    stop();
  }
}
