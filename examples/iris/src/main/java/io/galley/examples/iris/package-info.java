/**
 * A real training program on the Galley SDK: Tribuo models of three families, several settings
 * each, on the Iris data set shipped with it; every run logs its params, metrics, data and model,
 * and the best model is registered with the alias {@code champion}. Run it with {@code galley
 * example iris} or {@link io.galley.examples.iris.IrisMain}.
 */
@NullMarked
package io.galley.examples.iris;

import org.jspecify.annotations.NullMarked;
