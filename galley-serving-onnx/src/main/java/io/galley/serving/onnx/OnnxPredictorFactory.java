package io.galley.serving.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.serving.model.MlModel;
import io.galley.serving.model.ModelLoadException;
import io.galley.serving.predict.Predictor;
import io.galley.serving.predict.PredictorFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a model of the {@code onnx} flavour with ONNX Runtime: the file its {@code data} names
 * (default {@code model.onnx}, as {@code mlflow.onnx} saves it), opened by path so that tensors
 * saved as external data beside it are found. {@code output_labels} (a JSON list), when present,
 * names a classifier's classes.
 */
public final class OnnxPredictorFactory implements PredictorFactory {
  public static final String FLAVOR = "onnx";

  @Override
  public String flavor() {
    return FLAVOR;
  }

  @Override
  public Predictor load(MlModel model) throws ModelLoadException {
    Path file = model.flavorFile(FLAVOR, "data", "model.onnx");
    List<String> labels = List.of();
    String text = model.attribute(FLAVOR, "output_labels").orElse(null);
    if (text != null) {
      try {
        labels = List.of(new ObjectMapper().readValue(text, String[].class));
      } catch (JsonProcessingException e) {
        throw new ModelLoadException("output_labels in MLmodel is not a JSON list of names");
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      // Requests run in many threads at once: one thread per run keeps the cores for them.
      options.setIntraOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      OrtSession session = env.createSession(file.toString(), options);
      return new OnnxPredictor(env, options, session, model.signatureIfAny().orElse(null), labels);
    } catch (OrtException e) {
      options.close();
      throw new ModelLoadException(
          "the onnx model file " + file.getFileName() + " cannot be loaded: " + e.getMessage(), e);
    }
  }
}
