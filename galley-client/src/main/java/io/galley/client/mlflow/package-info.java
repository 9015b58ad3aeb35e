/**
 * The MLflow REST API's messages ({@code *Json} records), read and written by the one {@link
 * io.galley.client.mlflow.WireJson} mapper as MLflow's server does: snake_case, unset fields and
 * empty lists left out (absent lists read as empty), int64 as numbers, NaN/±Infinity as strings.
 */
@NullMarked
package io.galley.client.mlflow;

import org.jspecify.annotations.NullMarked;
