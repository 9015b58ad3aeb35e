/** Blob store adapters: the filesystem one (the default, under the data dir). */
@NullMarked
package io.galley.store.blob;

import org.jspecify.annotations.NullMarked;
