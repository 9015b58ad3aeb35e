/**
 * The JDBC plumbing the store's contexts share: transactions and SQL-error translation, SQL
 * building, search-filter SQL, page tokens, the run and experiment rows they lock and read, run
 * artifact rows, and the Flyway migrations. Depends on no context. Not API: other modules use
 * {@link io.galley.store.JdbcStore}.
 */
@NullMarked
package io.galley.store.jdbc.internal;

import org.jspecify.annotations.NullMarked;
