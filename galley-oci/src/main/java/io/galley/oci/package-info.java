/**
 * OCI support shared by the registry, the image builder and the registry client: the distribution
 * spec's error codes and the exception that carries one.
 */
@NullMarked
package io.galley.oci;

import org.jspecify.annotations.NullMarked;
