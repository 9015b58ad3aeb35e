/**
 * Galley's domain: the error root shared by every module. Sub-packages hold the tracking model
 * ({@code tracking}) and the search-filter language ({@code search}).
 */
@NullMarked
package io.galley.core;

import org.jspecify.annotations.NullMarked;
