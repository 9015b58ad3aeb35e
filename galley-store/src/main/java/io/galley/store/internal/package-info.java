/**
 * How the JDBC store works inside: the tracking store over Jdbi, the SQL it builds from search
 * filters, migrations and page tokens. Not API: other modules use {@link io.galley.store}.
 */
@NullMarked
package io.galley.store.internal;

import org.jspecify.annotations.NullMarked;
