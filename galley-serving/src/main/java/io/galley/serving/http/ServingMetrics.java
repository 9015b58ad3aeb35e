package io.galley.serving.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One place sees every request when it ends, Jetty's own refusals included: it counts it in
 * Prometheus' metrics by endpoint and status, times it, and writes the access log's line. An
 * endpoint is the route's pattern, never the caller's path, so the metrics stay a bounded set.
 */
final class ServingMetrics implements RequestLog {
  private static final Logger ACCESS = LoggerFactory.getLogger("io.galley.serving.access");
  private static final Pattern MODEL_ROUTE =
      Pattern.compile("/v2/models/[^/]+(/versions/[^/]+)?(/ready|/infer)?/?");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests;
  private final Counter errors;
  private final Histogram latency;
  private final Counter rows;
  private final boolean accessLog;

  ServingMetrics(boolean accessLog) {
    this.accessLog = accessLog;
    this.requests =
        Counter.builder()
            .name("galley_serving_requests_total")
            .help("Requests answered, by endpoint and HTTP status")
            .labelNames("endpoint", "status")
            .register(registry);
    this.errors =
        Counter.builder()
            .name("galley_serving_errors_total")
            .help("Requests answered with a 4xx or 5xx status, by endpoint")
            .labelNames("endpoint", "status")
            .register(registry);
    this.latency =
        Histogram.builder()
            .name("galley_serving_request_duration_seconds")
            .help("Time from the request's first byte to its answer, by endpoint")
            .classicOnly()
            .classicUpperBounds(
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10)
            .labelNames("endpoint")
            .register(registry);
    this.rows =
        Counter.builder()
            .name("galley_serving_predicted_rows_total")
            .help("Rows predicted, by protocol")
            .labelNames("protocol")
            .register(registry);
  }

  void predicted(String protocol, long n) {
    rows.labelValues(protocol).inc(n);
  }

  @Override
  public void log(Request request, Response response) {
    String path = request.getHttpURI().getPath();
    String endpoint = endpoint(path == null ? "" : path);
    int status = response.getStatus();
    double seconds = (System.nanoTime() - request.getBeginNanoTime()) / 1e9;
    String code = Integer.toString(status);
    requests.labelValues(endpoint, code).inc();
    if (status >= 400) {
      errors.labelValues(endpoint, code).inc();
    }
    latency.labelValues(endpoint).observe(seconds);
    if (accessLog && ACCESS.isInfoEnabled()) {
      ACCESS.info(
          "{} \"{} {}\" {} {} {}ms",
          Request.getRemoteAddr(request),
          request.getMethod(),
          path,
          status,
          Response.getContentBytesWritten(response),
          String.format(java.util.Locale.ROOT, "%.3f", seconds * 1000));
    }
  }

  /** The route a path belongs to; anything else is {@code other}. */
  static String endpoint(String path) {
    switch (path) {
      case "/ping":
      case "/health":
      case "/version":
      case "/invocations":
      case "/metrics":
      case "/v2":
      case "/v2/health/live":
      case "/v2/health/ready":
        return path;
      default:
        if (MODEL_ROUTE.matcher(path).matches()) {
          String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
          return p.endsWith("/infer")
              ? "/v2/models/{name}/infer"
              : p.endsWith("/ready") ? "/v2/models/{name}/ready" : "/v2/models/{name}";
        }
        return "other";
    }
  }

  void write(OutputStream out) throws IOException {
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
  }

  static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
