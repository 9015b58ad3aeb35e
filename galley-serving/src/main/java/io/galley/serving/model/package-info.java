/** What an MLflow model directory says about its model: flavours, signature, input example. */
@NullMarked
package io.galley.serving.model;

import org.jspecify.annotations.NullMarked;
