/**
 * Galley's HTTP API seen from the outside: the wire records the server writes and the one typed
 * client that the SDK, the CLI and the benchmarks call it with. The HTTP machinery under it (one
 * HTTP/1.1 transport with retries and backoff, the reading of error bodies) is package-private.
 */
@NullMarked
package io.galley.client;

import org.jspecify.annotations.NullMarked;
