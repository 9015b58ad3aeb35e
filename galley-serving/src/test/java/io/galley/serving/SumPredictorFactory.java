package io.galley.serving;

import io.galley.serving.model.ColSpec;
import io.galley.serving.model.ColumnType;
import io.galley.serving.model.MlModel;
import io.galley.serving.model.Schema;
import io.galley.serving.model.Signature;
import io.galley.serving.model.TensorSpec;
import io.galley.serving.model.TensorType;
import io.galley.serving.predict.Predictor;
import io.galley.serving.predict.PredictorFactory;
import io.galley.serving.predict.Tensor;
import java.util.List;

/**
 * A flavour for the tests, {@code test_sum}: each row's numeric values added up (missing ones left
 * out), as one FP64 output {@code total}; a row of a tensor input is everything below its first
 * axis. {@code delay_ms} in the flavour's attributes makes every prediction take that long.
 */
final class SumPredictorFactory implements PredictorFactory {
  static final String FLAVOR = "test_sum";

  @Override
  public String flavor() {
    return FLAVOR;
  }

  @Override
  public Predictor load(MlModel model) {
    long delay = Long.parseLong(model.attribute(FLAVOR, "delay_ms").orElse("0"));
    return new Predictor() {
      @Override
      public Signature signature() {
        return new Signature(
            new Schema.Columns(List.of(new ColSpec("x", ColumnType.DOUBLE, true))), null);
      }

      @Override
      public List<TensorSpec> outputs() {
        return List.of(new TensorSpec("total", TensorType.FP64, List.of(-1L)));
      }

      @Override
      public List<Tensor> predict(List<Tensor> inputs) {
        if (delay > 0) {
          try {
            Thread.sleep(delay);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        int rows = (int) inputs.get(0).rows();
        double[] total = new double[rows];
        for (Tensor t : inputs) {
          int per = t.size() / Math.max(rows, 1);
          for (int r = 0; r < rows; r++) {
            for (int j = 0; j < per; j++) {
              int i = r * per + j;
              if (!t.isMissing(i) && t.type() != TensorType.BYTES) {
                total[r] += t.doubleAt(i);
              }
            }
          }
        }
        return List.of(Tensor.ofDoubles("total", new long[] {rows}, total));
      }
    };
  }
}
