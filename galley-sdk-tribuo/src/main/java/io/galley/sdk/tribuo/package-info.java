/**
 * Tribuo models as MLflow models: {@link io.galley.sdk.tribuo.TribuoFlavor} writes a Tribuo model
 * (any task) with Tribuo's own protobuf serialisation, for {@code run.logModel(...)}.
 */
@NullMarked
package io.galley.sdk.tribuo;

import org.jspecify.annotations.NullMarked;
