/**
 * Garbage collection over HTTP, under {@code /api/2.0/galley/}: unreferenced blobs, and the image
 * registry's stale uploads, untagged manifests and repository links before them.
 */
@NullMarked
package io.galley.server.gc;

import org.jspecify.annotations.NullMarked;
