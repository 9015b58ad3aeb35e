/** The HTTP server: routes, error bodies, metrics, the access log and draining on stop. */
@NullMarked
package io.galley.serving.http;

import org.jspecify.annotations.NullMarked;
