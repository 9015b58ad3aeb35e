/**
 * The model registry over JDBC: registered models, versions, aliases, tags, the files a version
 * copies from its run, and registry search. Not API: other modules use {@link
 * io.galley.store.JdbcStore}.
 */
@NullMarked
package io.galley.store.modelregistry.internal;

import org.jspecify.annotations.NullMarked;
