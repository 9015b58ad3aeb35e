/**
 * MLflow's search-filter language ({@code metrics.acc > 0.9 AND params.lr = '0.1'}) and its {@code
 * order_by} clauses, parsed into values that a store translates into its own queries.
 */
@NullMarked
package io.galley.core.search;

import org.jspecify.annotations.NullMarked;
