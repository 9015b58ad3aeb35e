/**
 * MLflow 2.17's trace endpoints ({@code /api/2.0/mlflow/traces...}, {@code get-trace-artifact}) and
 * the artifact-proxy paths where MLflow's client uploads and reads each trace's {@code
 * traces.json}.
 */
@NullMarked
package io.galley.server.mlflow.traces;

import org.jspecify.annotations.NullMarked;
