/**
 * Blob store adapters: the filesystem one (the default, under the data dir) and the S3-compatible
 * one, with the upload spooling and ranged reads they share.
 */
@NullMarked
package io.galley.store.blob;

import org.jspecify.annotations.NullMarked;
