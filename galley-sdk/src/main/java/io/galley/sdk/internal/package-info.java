/**
 * The SDK's machinery, not API: the HTTP client with its retries, the metric ring and its sender
 * thread, artifact uploads and the probes behind environment capture. May change without notice.
 */
@NullMarked
package io.galley.sdk.internal;

import org.jspecify.annotations.NullMarked;
