/**
 * What a run recorded about where it ran (JVM, OS, CPU, libraries with their hashes, git state,
 * variables), read back from its {@code environment.json} artifact or, failing that, its tags: the
 * input of {@code galley runs env}, of run diffs and of reproduction checks.
 */
@NullMarked
package io.galley.core.environment;

import org.jspecify.annotations.NullMarked;
