package io.galley.serving.predict;

import io.galley.serving.model.Signature;
import io.galley.serving.model.TensorSpec;
import java.util.List;

/**
 * A loaded model that predicts. Implementations are made by a {@link PredictorFactory} and must be
 * safe for concurrent calls: the server calls {@link #predict} from many request threads at once.
 */
public interface Predictor extends AutoCloseable {

  /**
   * What the model itself takes, used when its MLmodel file has no signature (a Tribuo model knows
   * its features, an ONNX graph its input tensors).
   */
  Signature signature();

  /** The outputs {@link #predict} returns, for the Open Inference Protocol's model metadata. */
  List<TensorSpec> outputs();

  /**
   * Predicts for a batch. {@code inputs} conform to the served signature: for columns, one tensor
   * of shape {@code [rows]} per column in the signature's order (an optional column that was not
   * sent is all missing); for tensors, one per spec in its order. Returns one or more outputs whose
   * first axis is the batch's rows.
   *
   * @throws InvalidInputException when the values are well-formed but the model cannot take them
   *     (the message says why, without the values)
   */
  List<Tensor> predict(List<Tensor> inputs);

  @Override
  default void close() {}
}
