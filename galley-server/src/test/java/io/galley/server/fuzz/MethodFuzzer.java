package io.galley.server.fuzz;

import static io.galley.server.fuzz.BadValues.pick;

import io.galley.server.Http;
import io.galley.server.fuzz.EndpointCatalog.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Wrong methods and unknown endpoints. Each names real, seeded ids in both the query string and the
 * body, so a wrong method that reached the handler would change the store.
 */
final class MethodFuzzer {
  private static final List<String> ODD_METHODS =
      List.of("PUT", "PATCH", "DELETE", "BREW", "OPTIONS", "TRACE");

  private final SeedState seed;

  MethodFuzzer(SeedState seed) {
    this.seed = seed;
  }

  FuzzRequest next(Random r, Endpoint e) {
    String runId = pick(r, seed.runIds());
    String experimentId = pick(r, List.of(seed.activeExperiment(), seed.deletedExperiment()));
    String body =
        "{\"run_id\":\""
            + runId
            + "\",\"experiment_id\":\""
            + experimentId
            + "\",\"name\":\"fresh-by-method\",\"new_name\":\"renamed-by-method\",\"key\":\"team\"}";
    String query =
        "?run_id="
            + Http.q(runId)
            + "&experiment_id="
            + experimentId
            + "&metric_key=loss&metric=loss";
    if (r.nextInt(6) == 0) {
      return FuzzRequest.of(
          pick(r, List.of("GET", "POST", "PUT")),
          pick(r, Paths.UNKNOWN) + query,
          body,
          true,
          "unknown endpoint");
    }
    List<String> wrong = new ArrayList<>(ODD_METHODS);
    wrong.add("GET");
    wrong.add("POST");
    wrong.removeAll(e.methodsAtPath());
    String prefix =
        pick(r, e.galley() ? EndpointCatalog.GALLEY_PREFIXES : EndpointCatalog.MLFLOW_PREFIXES);
    String method = pick(r, wrong);
    return FuzzRequest.of(
        method, prefix + e.path() + query, r.nextBoolean() ? body : null, true, "wrong method");
  }
}
