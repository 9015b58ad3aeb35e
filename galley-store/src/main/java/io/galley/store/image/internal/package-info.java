/**
 * The OCI image registry's metadata over JDBC: repositories, blob links, upload sessions,
 * manifests, tags and the references that keep blobs alive. Not API: other modules use {@link
 * io.galley.store.JdbcStore}.
 */
@NullMarked
package io.galley.store.image.internal;

import org.jspecify.annotations.NullMarked;
