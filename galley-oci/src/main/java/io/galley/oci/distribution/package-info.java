/**
 * A client of other registries' OCI distribution API ({@code /v2/}): manifests and blobs pulled and
 * pushed, Docker's token flow, and the credentials Docker itself would use ({@code
 * ~/.docker/config.json}). Shaped as Jib's registry client: one small class per endpoint behind
 * {@link io.galley.oci.distribution.RemoteRepository}. Galley's own registry is written straight to
 * its store ({@link io.galley.oci.registry.RegistryImageSink}); this package is for the rest, and
 * for a client reading Galley's {@code /v2/} from another machine.
 */
@NullMarked
package io.galley.oci.distribution;

import org.jspecify.annotations.NullMarked;
