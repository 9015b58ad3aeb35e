/** Serving for models of the {@code onnx} flavour, with ONNX Runtime. */
@NullMarked
package io.galley.serving.onnx;

import org.jspecify.annotations.NullMarked;
