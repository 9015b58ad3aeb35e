/**
 * Image layers written reproducibly: the same entries give the same bytes, and so the same digests,
 * on any day, machine, time zone, locale and umask.
 */
@NullMarked
package io.galley.oci.layer;

import org.jspecify.annotations.NullMarked;
