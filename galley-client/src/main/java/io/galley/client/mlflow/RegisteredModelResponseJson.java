package io.galley.client.mlflow;

import io.galley.core.registry.RegisteredModel;

/**
 * The response of {@code registered-models/create}, {@code get}, {@code rename} and {@code update}:
 * {@code {"registered_model": {...}}}.
 */
public record RegisteredModelResponseJson(RegisteredModelJson registeredModel) {
  public static RegisteredModelResponseJson of(RegisteredModel m) {
    return new RegisteredModelResponseJson(RegisteredModelJson.of(m));
  }
}
