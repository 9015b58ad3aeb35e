/**
 * OCI Image Spec v1.1 and Docker schema 2 documents as records (descriptors, manifests, indexes,
 * image configs) and the codecs that read them from, and write them to, their exact JSON bytes.
 */
@NullMarked
package io.galley.oci.image;

import org.jspecify.annotations.NullMarked;
