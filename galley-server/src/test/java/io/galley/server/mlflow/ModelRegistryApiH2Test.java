package io.galley.server.mlflow;

/** The registry API contract over an embedded H2 store. */
class ModelRegistryApiH2Test extends ModelRegistryApiContract {}
