/**
 * Models as MLflow stores them: a {@link io.galley.sdk.model.ModelFlavor} writes a model's own
 * files, and the SDK adds the {@code MLmodel} file (flavour, signature, input example) that
 * MLflow's UI and tools read. Flavours for particular libraries live in their own artifacts (e.g.
 * {@code galley-sdk-tribuo}), so the SDK itself depends on no ML library.
 */
@NullMarked
package io.galley.sdk.model;

import org.jspecify.annotations.NullMarked;
