/**
 * Predictors (the flavour SPI), tensors, and the checks that turn a request's values into the
 * tensors a predictor takes.
 */
@NullMarked
package io.galley.serving.predict;

import org.jspecify.annotations.NullMarked;
