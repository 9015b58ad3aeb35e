/**
 * HTTP details both APIs share: byte ranges of downloads and request bodies streamed into the blob
 * store.
 */
@NullMarked
package io.galley.server.http;

import org.jspecify.annotations.NullMarked;
