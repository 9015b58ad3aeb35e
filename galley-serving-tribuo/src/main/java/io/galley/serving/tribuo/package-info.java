/** Serving for models of the {@code tribuo} flavour, as {@code galley-sdk-tribuo} writes them. */
@NullMarked
package io.galley.serving.tribuo;

import org.jspecify.annotations.NullMarked;
