/**
 * Images as files: an OCI image layout directory ({@code image-layout.md}) and an archive that
 * {@code docker load} and {@code podman load} read (an OCI layout plus Docker's {@code
 * manifest.json}, as {@code docker save} writes since Docker 25).
 */
@NullMarked
package io.galley.oci.layout;

import org.jspecify.annotations.NullMarked;
