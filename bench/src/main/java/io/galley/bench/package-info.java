/**
 * A load generator for a tracking server that speaks MLflow's REST API 2.0 (Galley's or MLflow's
 * own): log-batch ingest, runs/search and metric-history latency, and server cold start.
 */
package io.galley.bench;
