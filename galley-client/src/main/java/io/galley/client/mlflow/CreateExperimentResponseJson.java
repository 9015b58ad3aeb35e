package io.galley.client.mlflow;

/** Response of {@code experiments/create}. */
public record CreateExperimentResponseJson(String experimentId) {}
