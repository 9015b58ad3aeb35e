package io.galley.sdk.model;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What an {@code MLmodel} file says about a model that was written, as MLflow's {@code ModelInfo}:
 * the run and path it was logged under (null for a model only saved to a directory), its uuid, when
 * it was written ({@code yyyy-MM-dd HH:mm:ss.SSSSSS} in UTC, MLflow's form), its flavours with
 * their attributes, and the size of its files.
 */
public record ModelInfo(
    @Nullable String runId,
    @Nullable String artifactPath,
    String modelUuid,
    String utcTimeCreated,
    Map<String, Map<String, String>> flavors,
    long modelSizeBytes) {

  public ModelInfo {
    requireNonNull(modelUuid, "modelUuid");
    requireNonNull(utcTimeCreated, "utcTimeCreated");
    // Sorted, as MLflow writes them; an immutable copy that keeps that order.
    TreeMap<String, Map<String, String>> sorted = new TreeMap<>();
    flavors.forEach((k, v) -> sorted.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
    flavors = Collections.unmodifiableMap(sorted);
  }

  /** {@code runs:/<run_id>/<artifact_path>}, what the registry takes as a version's source. */
  public Optional<String> modelUri() {
    return runId == null || artifactPath == null
        ? Optional.empty()
        : Optional.of("runs:/" + runId + "/" + artifactPath);
  }
}
