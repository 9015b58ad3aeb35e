package io.galley.server.mlflow;

/** MLflow 2.17's limits, search and log-model over an embedded H2 store. */
class Mlflow217ApiH2Test extends Mlflow217ApiContract {}
