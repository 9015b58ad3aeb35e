/**
 * The Java SDK that training code calls: {@link io.galley.sdk.Galley#connect()}, experiments and
 * {@link io.galley.sdk.ActiveRun runs} that log params, metrics (batched in the background), tags,
 * artifacts and dataset inputs to a Galley (or MLflow) tracking server over its REST API.
 */
@NullMarked
package io.galley.sdk;

import org.jspecify.annotations.NullMarked;
