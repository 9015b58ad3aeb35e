package io.galley.sdk.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.blob.Digest;
import io.galley.core.tracking.DatasetInput;
import io.galley.core.tracking.RunStatus;
import io.galley.core.tracking.TrackingLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One run's synchronous requests, as MLflow's REST API wants their bodies. */
public final class RunCalls {
  private final ApiClient api;
  private final String runId;

  public RunCalls(ApiClient api, String runId) {
    this.api = api;
    this.runId = runId;
  }

  /** Params or tags ({@code field}), in {@code runs/log-batch} requests of at most 100. */
  public void logBatch(String field, Map<String, String> entries) {
    List<Map.Entry<String, String>> all = new ArrayList<>(entries.entrySet());
    int per = TrackingLimits.MAX_PARAMS_TAGS_PER_BATCH;
    for (int i = 0; i < all.size(); i += per) {
      ObjectNode body = Json.object();
      body.put("run_id", runId);
      ArrayNode items = body.putArray(field);
      for (Map.Entry<String, String> e : all.subList(i, Math.min(all.size(), i + per))) {
        items.addObject().put("key", e.getKey()).put("value", e.getValue());
      }
      api.post(ApiClient.MLFLOW + "runs/log-batch", body);
    }
  }

  /**
   * A local file as MLflow's dataset input: digest = 8 hex digits (MLflow's own digests are 8 hex
   * digits of an md5), the full sha256 as the input tag Galley keeps for sources it does not store.
   */
  public void logLocalDataset(Path file, Digest digest, long size, @Nullable String context) {
    ObjectNode body = Json.object();
    body.put("run_id", runId);
    ObjectNode input = body.putArray("datasets").addObject();
    ArrayNode tags = input.putArray("tags");
    tags.addObject().put("key", DatasetInput.CONTENT_DIGEST_TAG).put("value", digest.toString());
    if (context != null) {
      tags.addObject().put("key", "mlflow.data.context").put("value", context);
    }
    ObjectNode dataset = input.putObject("dataset");
    dataset.put("name", String.valueOf(file.getFileName()));
    dataset.put("digest", digest.hex().substring(0, 8));
    dataset.put("source_type", "local");
    dataset.put("source", Json.object().put("uri", file.toUri().toString()).toString());
    dataset.put("profile", Json.object().put("size_bytes", size).toString());
    api.post(ApiClient.MLFLOW + "runs/log-inputs", body);
  }

  /** Ends the run with {@code status}, now. */
  public void end(RunStatus status) {
    ObjectNode body = Json.object();
    body.put("run_id", runId);
    body.put("status", status.name());
    body.put("end_time", System.currentTimeMillis());
    api.post(ApiClient.MLFLOW + "runs/update", body);
  }
}
