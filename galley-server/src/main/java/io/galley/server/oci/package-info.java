/**
 * The OCI Distribution Spec v1.1 API under {@code /v2/}: Galley's built-in image registry. Every
 * request passes one {@link io.galley.server.oci.ImageRegistryAccess} check before it is served,
 * and every error leaves in the spec's {@code {"errors":[...]}} body.
 */
@NullMarked
package io.galley.server.oci;

import org.jspecify.annotations.NullMarked;
