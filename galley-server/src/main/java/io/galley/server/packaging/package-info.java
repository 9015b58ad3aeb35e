/**
 * Packaging: a model version becomes a runnable image in Galley's own registry, on a base made from
 * the local JDK, built without a daemon ({@code POST /api/2.0/galley/images/build}).
 */
@NullMarked
package io.galley.server.packaging;

import org.jspecify.annotations.NullMarked;
