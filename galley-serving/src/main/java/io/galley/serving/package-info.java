/**
 * The model server that goes into every model image ({@code galley serve}): an MLflow model
 * directory loaded by the {@link io.galley.serving.predict.PredictorFactory} of one of its
 * flavours, answering MLflow's scoring protocol and the Open Inference Protocol over HTTP, every
 * request checked against the model's signature.
 */
@NullMarked
package io.galley.serving;

import org.jspecify.annotations.NullMarked;
