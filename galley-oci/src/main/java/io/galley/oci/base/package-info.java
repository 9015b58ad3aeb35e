/**
 * A minimal, reproducible base image made from the local JDK, for machines that cannot pull one: a
 * {@code jlink}ed runtime, the shared libraries it links against, and the few files a process
 * expects ({@code /etc/passwd}, {@code /etc/group}, CA certificates, {@code /tmp}).
 */
@NullMarked
package io.galley.oci.base;

import org.jspecify.annotations.NullMarked;
