/**
 * Wire DTOs of the MLflow REST API ({@code *Json} records) and the one {@link
 * io.galley.server.mlflow.json.WireJson} mapper that writes them as MLflow's server does:
 * snake_case, unset fields and empty lists left out, int64 as numbers, NaN/±Infinity as strings.
 */
@NullMarked
package io.galley.server.mlflow.json;

import org.jspecify.annotations.NullMarked;
