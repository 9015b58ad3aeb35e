/**
 * The JDBC adapter of {@link io.galley.core.tracing.TraceStore}: the {@code trace_*} tables of
 * V6__traces.sql on H2 and PostgreSQL. Not API: reached through {@code JdbcStore.traces()}.
 */
@NullMarked
package io.galley.store.tracing.internal;

import org.jspecify.annotations.NullMarked;
