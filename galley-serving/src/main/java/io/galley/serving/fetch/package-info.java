/** Model directories fetched from a tracking server, every file checked against its digest. */
@NullMarked
package io.galley.serving.fetch;

import org.jspecify.annotations.NullMarked;
