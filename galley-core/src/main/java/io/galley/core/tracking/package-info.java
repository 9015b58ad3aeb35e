/**
 * The tracking model: experiments, runs and what is logged to them, and the {@link
 * io.galley.core.tracking.TrackingStore} port that stores them. Field names follow MLflow's.
 */
@NullMarked
package io.galley.core.tracking;

import org.jspecify.annotations.NullMarked;
