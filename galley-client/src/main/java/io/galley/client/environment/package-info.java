/**
 * {@code environment.json}, the artifact in which a run records where it ran: the one codec of
 * {@link io.galley.core.environment.Environment}, which the SDK writes and the CLI and the server
 * read back. Its layout is documented field by field in docs/sdk.md.
 */
@NullMarked
package io.galley.client.environment;

import org.jspecify.annotations.NullMarked;
