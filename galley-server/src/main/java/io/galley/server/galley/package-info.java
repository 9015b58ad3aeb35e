/** Galley's own HTTP endpoints beyond MLflow's API, under {@code /api/2.0/galley/}. */
@NullMarked
package io.galley.server.galley;

import org.jspecify.annotations.NullMarked;
