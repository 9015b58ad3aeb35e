/**
 * Galley's domain: the error root shared by every module. Sub-packages hold the tracking model
 * ({@code tracking}), the search-filter language ({@code search}), what runs recorded about their
 * environment ({@code environment}) and how two runs differ ({@code diff}).
 */
@NullMarked
package io.galley.core;

import org.jspecify.annotations.NullMarked;
