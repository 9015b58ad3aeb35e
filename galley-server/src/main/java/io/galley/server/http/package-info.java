/**
 * HTTP details every API shares: byte ranges of downloads, request bodies streamed into the blob
 * store, and errors of the exchange itself ({@link io.galley.server.http.HttpError}).
 */
@NullMarked
package io.galley.server.http;

import org.jspecify.annotations.NullMarked;
