/**
 * The SDK's machinery, not API: the metric ring and its sender thread, system-metric sampling,
 * artifact and model uploads, the run's environment tags, and the bounded helper commands and
 * secret scrubbing that capture uses. May change without notice.
 */
@NullMarked
package io.galley.sdk.internal;

import org.jspecify.annotations.NullMarked;
