/**
 * Environment capture: what a run ran on (JVM, OS, CPU, memory, GPUs, host, user, process, every
 * library with its Maven coordinates and sha256, git state, allow-listed environment variables), as
 * an {@link io.galley.core.environment.Environment} with stable, documented keys. The probes that
 * find each fact are package-private here. Secrets are never recorded.
 */
@NullMarked
package io.galley.sdk.capture;

import org.jspecify.annotations.NullMarked;
