/**
 * The relational metadata store (H2 embedded, PostgreSQL): {@link io.galley.store.StoreConfig} says
 * where it lives, {@link io.galley.store.JdbcStore} opens, migrates and serves it.
 */
@NullMarked
package io.galley.store;

import org.jspecify.annotations.NullMarked;
