/**
 * The registry's domain: what a distribution-spec registry keeps (repositories, blob links, upload
 * sessions, manifests, tags, referrers) behind the {@link
 * io.galley.oci.registry.ImageRegistryStore} port, and the {@link
 * io.galley.oci.registry.ImageRegistry} service that enforces the spec's rules over it and the
 * shared blob store.
 */
@NullMarked
package io.galley.oci.registry;

import org.jspecify.annotations.NullMarked;
