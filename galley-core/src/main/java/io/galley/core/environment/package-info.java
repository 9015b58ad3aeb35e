/**
 * The one model of where a run ran ({@link io.galley.core.environment.Environment}: JVM, OS, CPU,
 * libraries with their hashes, git state, variables), as the SDK captures it into {@code
 * environment.json} and as it is read back from that artifact or, failing that, from a run's tags
 * ({@link io.galley.core.environment.RecordedEnvironment}): the input of {@code galley runs env},
 * of run diffs and of reproduction checks.
 */
@NullMarked
package io.galley.core.environment;

import org.jspecify.annotations.NullMarked;
