/**
 * Galley's read-only views across runs and experiments that MLflow's API lacks, under {@code
 * /api/2.0/galley/}: the leaderboard, experiment summaries and the runs table's keys.
 */
@NullMarked
package io.galley.server.overview;

import org.jspecify.annotations.NullMarked;
