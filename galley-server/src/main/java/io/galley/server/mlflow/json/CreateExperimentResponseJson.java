package io.galley.server.mlflow.json;

/** Response of {@code experiments/create}. */
public record CreateExperimentResponseJson(String experimentId) {}
