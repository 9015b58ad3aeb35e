package io.galley.serving.mlflow;

import com.fasterxml.jackson.core.JsonGenerator;
import io.galley.serving.predict.Tensor;
import io.galley.serving.predict.TensorJson;
import java.io.IOException;
import java.util.List;

/**
 * MLflow's {@code {"predictions": ...}}. One output without class labels is a list (nested for a
 * tensor), as MLflow writes a NumPy array; several outputs, or one with labels, are records, one
 * object per row (as MLflow writes a data frame), where a labelled output is an object of label to
 * value, e.g. {@code {"species": "setosa", "scores": {"setosa": 0.97, ...}}}.
 */
public final class ScoringResponses {
  private ScoringResponses() {}

  public static void write(JsonGenerator g, List<Tensor> outputs) throws IOException {
    g.writeStartObject();
    g.writeFieldName("predictions");
    if (outputs.size() == 1 && outputs.get(0).labels() == null) {
      TensorJson.nested(g, outputs.get(0));
    } else {
      long rows = outputs.get(0).rows();
      g.writeStartArray();
      for (int r = 0; r < rows; r++) {
        g.writeStartObject();
        for (Tensor t : outputs) {
          g.writeFieldName(t.name());
          TensorJson.row(g, t, r);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }
}
