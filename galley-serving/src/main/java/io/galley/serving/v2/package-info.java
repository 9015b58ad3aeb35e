/** The Open Inference Protocol (KServe V2): inference requests, responses and model metadata. */
@NullMarked
package io.galley.serving.v2;

import org.jspecify.annotations.NullMarked;
