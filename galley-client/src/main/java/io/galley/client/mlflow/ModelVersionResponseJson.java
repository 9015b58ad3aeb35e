package io.galley.client.mlflow;

import io.galley.core.registry.ModelVersion;

/**
 * The response of {@code model-versions/create}, {@code get}, {@code update}, {@code
 * transition-stage} and {@code registered-models/alias} (GET): {@code {"model_version": {...}}}.
 */
public record ModelVersionResponseJson(ModelVersionJson modelVersion) {
  public static ModelVersionResponseJson of(ModelVersion v) {
    return new ModelVersionResponseJson(ModelVersionJson.of(v));
  }
}
