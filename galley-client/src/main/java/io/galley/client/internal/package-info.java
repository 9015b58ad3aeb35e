/**
 * The HTTP machinery under {@link io.galley.client.GalleyClient}: one HTTP/1.1 transport with
 * retries and backoff, and the reading of error bodies. Not API: it may change in any release.
 */
@NullMarked
package io.galley.client.internal;

import org.jspecify.annotations.NullMarked;
