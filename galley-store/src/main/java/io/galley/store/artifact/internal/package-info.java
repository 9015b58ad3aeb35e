/**
 * The artifact index over JDBC: each run's tree of artifact paths to blob digests and sizes. Not
 * API: other modules use {@link io.galley.store.JdbcStore}.
 */
@NullMarked
package io.galley.store.artifact.internal;

import org.jspecify.annotations.NullMarked;
