package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.client.GalleyApiException;
import io.galley.client.GalleyClient;
import io.galley.core.InvalidRequestException;
import io.galley.core.registry.ModelSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a model version came from, gathered from the server: the version and its {@link SourceRun};
 * {@code source} is null when the version names no run, or one this server does not have, and
 * {@code note} then says which.
 */
record ModelLineage(JsonNode version, @Nullable SourceRun source, @Nullable String note) {

  /**
   * The run that made the version, as {@code runs/get} returns it, with its experiment, each of its
   * metrics with the last, lowest and highest value, and its environment tags: MLflow's source tags
   * first, then Galley's {@code galley.env.*} ones by key.
   */
  record SourceRun(
      JsonNode run, JsonNode experiment, List<JsonNode> metrics, Map<String, String> environment) {

    /** Whether the run carries any of Galley's environment capture. */
    boolean environmentCaptured() {
      return environment.keySet().stream().anyMatch(k -> k.startsWith(GALLEY_ENV));
    }
  }

  /** MLflow's own tags about where a run's code came from, in the order they are shown. */
  static final List<String> MLFLOW_SOURCE_TAGS =
      List.of(
          "mlflow.source.git.commit",
          "mlflow.source.git.branch",
          "mlflow.source.name",
          "mlflow.user");

  /** Galley's environment capture writes its tags under this prefix (Java version, libraries). */
  static final String GALLEY_ENV = "galley.env.";

  static ModelLineage of(GalleyClient client, JsonNode version) {
    Optional<String> runId = sourceRunId(version);
    if (runId.isEmpty()) {
      return new ModelLineage(
          version,
          null,
          "Not registered from a run (source: " + version.path("source").asText() + ").");
    }
    JsonNode run;
    try {
      run = ApiTrees.tree(client.getRun(runId.get()));
    } catch (GalleyApiException e) {
      if (!"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
        throw e;
      }
      return new ModelLineage(
          version, null, "Source run " + runId.get() + " is not on this server: " + e.getMessage());
    }
    String experimentId = run.path("info").path("experiment_id").asText();
    return new ModelLineage(
        version,
        new SourceRun(
            run,
            ApiTrees.tree(client.getExperiment(experimentId)),
            metricSummaries(client, experimentId, run),
            environment(run.path("data").path("tags"))),
        null);
  }

  /** The version's {@code run_id}, or the run its {@code runs:/} source names. */
  private static Optional<String> sourceRunId(JsonNode version) {
    String runId = version.path("run_id").asText("");
    if (!runId.isEmpty()) {
      return Optional.of(runId);
    }
    try {
      return ModelSource.parse(version.path("source").asText("")).map(ModelSource::runId);
    } catch (InvalidRequestException e) {
      return Optional.empty();
    }
  }

  /**
   * For each metric, the server's leaderboard entry for this one run, which carries the last, min
   * and max value; only the last one (from the run) when the leaderboard leaves the run out, as it
   * does deleted runs.
   */
  private static List<JsonNode> metricSummaries(
      GalleyClient client, String experimentId, JsonNode run) {
    String runFilter = "attributes.run_id = '" + run.path("info").path("run_id").asText() + "'";
    List<JsonNode> summaries = new ArrayList<>();
    for (JsonNode m : run.path("data").path("metrics")) {
      String key = m.path("key").asText();
      JsonNode entries =
          ApiTrees.tree(client.leaderboard(experimentId, key, "last", "desc", 1, runFilter))
              .path("entries");
      if (entries.isEmpty()) {
        ObjectNode last = m.deepCopy();
        last.remove("key");
        ObjectNode summary = JsonNodeFactory.instance.objectNode().put("key", key);
        summary.set("last", last);
        summaries.add(summary);
      } else {
        summaries.add(entries.get(0).path("metric"));
      }
    }
    return summaries;
  }

  /** MLflow's source tags in their order, then every {@code galley.env.*} tag by key. */
  private static Map<String, String> environment(JsonNode tags) {
    Map<String, String> byKey = new TreeMap<>();
    tags.forEach(t -> byKey.put(t.path("key").asText(), t.path("value").asText()));
    Map<String, String> env = new LinkedHashMap<>();
    for (String key : MLFLOW_SOURCE_TAGS) {
      if (byKey.containsKey(key)) {
        env.put(key, byKey.get(key));
      }
    }
    byKey.forEach(
        (key, value) -> {
          if (key.startsWith(GALLEY_ENV)) {
            env.put(key, value);
          }
        });
    return env;
  }

  /** The one JSON object {@code galley models show --format json} prints. */
  JsonNode toJson() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.set("model_version", version);
    if (source != null) {
      out.set("run", source.run());
      out.set("experiment", source.experiment());
      out.set("metrics", json.valueToTree(source.metrics()));
      out.set("environment", json.valueToTree(source.environment()));
    }
    if (note != null) {
      out.put("note", note);
    }
    return out;
  }
}
