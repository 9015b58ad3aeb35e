/**
 * Assembling images without a daemon: layers written by {@link io.galley.oci.layer.LayerWriter}
 * stacked on a base, a config and a manifest made from them, and every blob handed to an {@link
 * io.galley.oci.build.ImageSink} (Galley's registry, an OCI layout, a {@code docker load} archive).
 */
@NullMarked
package io.galley.oci.build;

import org.jspecify.annotations.NullMarked;
