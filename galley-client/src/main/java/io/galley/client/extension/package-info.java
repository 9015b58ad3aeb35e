/**
 * The messages of Galley's own endpoints beyond MLflow's API, under {@code /api/2.0/galley/}:
 * leaderboard, experiment summaries and keys, blob and registry garbage collection.
 */
@NullMarked
package io.galley.client.extension;

import org.jspecify.annotations.NullMarked;
