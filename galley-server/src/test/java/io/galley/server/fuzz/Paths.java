package io.galley.server.fuzz;

import static io.galley.server.fuzz.BadValues.pick;

import io.galley.server.Http;
import io.galley.server.fuzz.EndpointCatalog.Endpoint;
import java.util.List;
import java.util.Random;

/**
 * Request targets for an endpoint: either prefix, sometimes bent (trailing or doubled slash, dot
 * segments, an encoded slash, a matrix parameter, the wrong case). A POST, PATCH or DELETE may
 * carry a query string naming real ids: the server must read the message from its body (a DELETE
 * reads its query only when the body is empty, and the names there exist nowhere).
 */
final class Paths {
  private final SeedState seed;

  Paths(SeedState seed) {
    this.seed = seed;
  }

  String of(Random r, Endpoint e) {
    String prefix =
        pick(r, e.galley() ? EndpointCatalog.GALLEY_PREFIXES : EndpointCatalog.MLFLOW_PREFIXES);
    String path = prefix + e.path();
    if (r.nextInt(8) == 0) {
      path = bend(r, prefix, e.path());
    }
    if (!e.bodyMethod().equals("GET") && r.nextInt(8) == 0) {
      path +=
          "?run_id="
              + Http.q(pick(r, seed.runIds()))
              + "&experiment_id="
              + pick(r, seed.experimentIds())
              + "&name=fresh-from-query&key=k&value=v";
    }
    return path;
  }

  private static String bend(Random r, String prefix, String path) {
    return switch (r.nextInt(8)) {
      case 0 -> prefix + path + "/";
      case 1 -> prefix + "/" + path;
      case 2 -> prefix + "./" + path;
      case 3 -> prefix + "x/../" + path;
      case 4 -> prefix + path.replace("/", "%2F");
      case 5 -> prefix + path + ";jsessionid=1";
      case 6 -> prefix.toUpperCase(java.util.Locale.ROOT) + path;
      default -> prefix + path + "%00";
    };
  }

  /** Targets no endpoint answers. */
  static final List<String> UNKNOWN =
      List.of(
          "/api/2.0/mlflow/runs/nope",
          "/api/2.0/mlflow/",
          "/api/2.0/mlflow",
          "/api/2.1/mlflow/runs/get",
          "/api/2.0/galley/nope",
          "/ajax-api/2.0/mlflow/experiments",
          "/api/2.0/mlflow/runs/get/extra",
          "/api/2.0/mlflow/registered-models/nope",
          "/api/2.0/mlflow/model-versions",
          "/api/2.0/mlflow-artifacts/artifacts/x",
          "/api/2.0/mlflow/runs/log-batch/../../../../etc/passwd",
          "/api/2.0/mlflow/%2e%2e/%2e%2e/health",
          "/api/2.0/mlflow/runs/\u00e9",
          "/api/2.0/mlflow/runs/%ff",
          "/api/2.0/mlflow/runs/%zz");
}
