/**
 * The tracking store over JDBC: experiments, runs, params, tags, metrics with their history and
 * rollups, dataset inputs, run names and run search. Not API: other modules use {@link
 * io.galley.store.JdbcStore}.
 */
@NullMarked
package io.galley.store.tracking.internal;

import org.jspecify.annotations.NullMarked;
