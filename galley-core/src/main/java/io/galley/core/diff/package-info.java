/**
 * What differs between two runs: params, metrics, tags, environment, git, libraries and datasets,
 * as a {@link io.galley.core.diff.RunDiff} computed by a pure function over the runs' records, for
 * every front end (CLI, web UI, reproduction checks) to render its own way.
 */
@NullMarked
package io.galley.core.diff;

import org.jspecify.annotations.NullMarked;
