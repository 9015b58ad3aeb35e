/**
 * MLflow 2's scoring protocol: the bodies of {@code /invocations} in and {@code {"predictions":
 * ...}} out.
 */
@NullMarked
package io.galley.serving.mlflow;

import org.jspecify.annotations.NullMarked;
