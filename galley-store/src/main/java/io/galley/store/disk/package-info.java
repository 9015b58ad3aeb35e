/**
 * The disks the stores write to: whether a failure was a full disk, and how much room each watched
 * disk has left, for the server's readiness and its refusal to add data to a nearly full disk.
 */
@NullMarked
package io.galley.store.disk;

import org.jspecify.annotations.NullMarked;
