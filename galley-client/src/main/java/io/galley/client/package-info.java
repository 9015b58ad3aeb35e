/**
 * Galley's HTTP API seen from the outside: the wire records the server writes and the one typed
 * client that the SDK, the CLI and the benchmarks call it with.
 */
@NullMarked
package io.galley.client;

import org.jspecify.annotations.NullMarked;
