/**
 * Content-addressed storage: every artifact, dataset, model file and (later) OCI layer is a blob
 * named by the sha256 of its bytes, so identical content is stored once.
 */
@NullMarked
package io.galley.core.blob;

import org.jspecify.annotations.NullMarked;
