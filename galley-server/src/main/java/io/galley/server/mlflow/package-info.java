/**
 * The MLflow REST API 2.0 ({@code mlflow/protos/service.proto}), mounted under both {@code
 * /api/2.0/mlflow/} and {@code /ajax-api/2.0/mlflow/}, and MLflow's artifact proxy ({@code
 * /api/2.0/mlflow-artifacts/}): one routes class per endpoint family, one reader of request fields
 * with protobuf-JSON semantics, one mapper of errors to MLflow's body.
 */
@NullMarked
package io.galley.server.mlflow;

import org.jspecify.annotations.NullMarked;
