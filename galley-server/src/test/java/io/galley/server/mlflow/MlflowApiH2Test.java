package io.galley.server.mlflow;

/** The MLflow API contract over an embedded H2 store. */
class MlflowApiH2Test extends MlflowApiContract {}
