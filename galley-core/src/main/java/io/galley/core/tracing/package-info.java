/**
 * MLflow's traces (LLM request traces): their info, tags and request metadata, how to search and
 * delete them, and the {@link io.galley.core.tracing.TraceStore} port that stores them.
 */
@NullMarked
package io.galley.core.tracing;

import org.jspecify.annotations.NullMarked;
