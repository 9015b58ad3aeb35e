/**
 * CNCF ModelPack artifacts ({@code modelpack/model-spec}): a model's files as an OCI artifact, one
 * raw layer per file, so that each layer is the file's own blob.
 */
@NullMarked
package io.galley.oci.modelpack;

import org.jspecify.annotations.NullMarked;
