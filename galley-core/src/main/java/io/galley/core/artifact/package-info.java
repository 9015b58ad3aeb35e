/**
 * A run's artifact tree: relative paths mapped to blobs by digest. The tree lives in the metadata
 * store ({@link io.galley.core.artifact.ArtifactIndex}); the bytes in the {@link
 * io.galley.core.blob.BlobStore}.
 */
@NullMarked
package io.galley.core.artifact;

import org.jspecify.annotations.NullMarked;
