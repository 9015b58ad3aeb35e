/**
 * The store's public face: {@link io.galley.store.StoreConfig} says where the relational metadata
 * store (H2 embedded, PostgreSQL) lives, {@link io.galley.store.JdbcStore} opens, migrates and
 * serves it, wiring one {@code *.internal} package per context (tracking, model registry,
 * artifacts, images) over the shared {@code jdbc.internal} plumbing.
 */
@NullMarked
package io.galley.store;

import org.jspecify.annotations.NullMarked;
