/**
 * The model registry: named models, their numbered versions, stages, aliases and tags, as MLflow's
 * {@code model_registry.proto} defines them, and the {@link io.galley.core.registry.ModelRegistry}
 * port the metadata store implements. A version registered from a run keeps the digests of the
 * run's files it names, so it outlives a later deletion of the run's artifacts.
 */
@NullMarked
package io.galley.core.registry;

import org.jspecify.annotations.NullMarked;
