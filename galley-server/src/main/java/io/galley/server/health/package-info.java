/**
 * Whether the server can do its work: the readiness answer of {@code GET /health}, and the refusal
 * of new data while a disk it writes to is nearly full.
 */
@NullMarked
package io.galley.server.health;

import org.jspecify.annotations.NullMarked;
