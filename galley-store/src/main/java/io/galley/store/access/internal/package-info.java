/** The JDBC adapter of {@link io.galley.core.access.IdentityStore}: users and API tokens. */
@NullMarked
package io.galley.store.access.internal;

import org.jspecify.annotations.NullMarked;
