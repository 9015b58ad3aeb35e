package io.galley.serving.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.galley.serving.model.ModelLoadException;
import io.galley.serving.model.Schema;
import io.galley.serving.model.Signature;
import io.galley.serving.model.TensorSpec;
import io.galley.serving.model.TensorType;
import io.galley.serving.predict.InvalidInputException;
import io.galley.serving.predict.Predictor;
import io.galley.serving.predict.Tensor;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An ONNX Runtime session as a predictor. Inputs are the graph's tensors (FP32, FP64, INT32,
 * INT64), or, when MLmodel's signature is columns and the graph takes one matrix, the columns side
 * by side in the signature's order (a missing value is NaN). Outputs are the graph's tensor
 * outputs; with {@code output_labels}, a classifier's one matrix output becomes its label (the
 * class of the highest score; named as the signature's output, else {@code label}) and its {@code
 * scores}, named by class. Sessions are safe to run from many threads.
 */
final class OnnxPredictor implements Predictor {
  private final OrtEnvironment env;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final Map<String, TensorInfo> inputs = new LinkedHashMap<>();
  private final Map<String, TensorInfo> outputs = new LinkedHashMap<>();
  private final Signature own;
  private final boolean columnsAsMatrix;
  private final List<String> labels;
  private final String labelName;

  OnnxPredictor(
      OrtEnvironment env,
      OrtSession.SessionOptions options,
      OrtSession session,
      @Nullable Signature given,
      List<String> labels)
      throws OrtException, ModelLoadException {
    this.env = env;
    this.options = options;
    this.session = session;
    List<TensorSpec> specs = new ArrayList<>();
    for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
      TensorInfo t = tensorInfo(e.getValue(), "input " + e.getKey());
      inputs.put(e.getKey(), t);
      specs.add(new TensorSpec(e.getKey(), type(t.type, "input " + e.getKey()), shape(t)));
    }
    for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
      if (e.getValue().getInfo() instanceof TensorInfo t) {
        outputs.put(e.getKey(), t);
      }
    }
    if (outputs.isEmpty()) {
      throw new ModelLoadException("the onnx model has no tensor outputs");
    }
    this.own = new Signature(new Schema.Tensors(specs), null);
    TensorInfo only = inputs.size() == 1 ? inputs.values().iterator().next() : null;
    this.columnsAsMatrix =
        given != null
            && given.inputs() instanceof Schema.Columns
            && only != null
            && only.getShape().length == 2;
    if (given != null && given.inputs() instanceof Schema.Columns c && !columnsAsMatrix) {
      throw new ModelLoadException(
          "MLmodel's signature has "
              + c.columns().size()
              + " columns but the onnx graph does not"
              + " take one matrix; give it a tensor signature");
    }
    this.labels = List.copyOf(labels);
    if (!labels.isEmpty()) {
      TensorInfo out = outputs.values().iterator().next();
      long[] s = out.getShape();
      if (outputs.size() != 1 || s.length != 2 || (s[1] != -1 && s[1] != labels.size())) {
        throw new ModelLoadException(
            "output_labels names "
                + labels.size()
                + " classes but the onnx graph's output is not"
                + " one matrix of that many columns");
      }
    }
    this.labelName = given == null ? "label" : given.soleOutputName().orElse("label");
  }

  @Override
  public Signature signature() {
    return own;
  }

  @Override
  public List<TensorSpec> outputs() {
    if (!labels.isEmpty()) {
      return List.of(
          new TensorSpec(labelName, TensorType.BYTES, List.of(-1L)),
          new TensorSpec("scores", TensorType.FP32, List.of(-1L, (long) labels.size())));
    }
    List<TensorSpec> specs = new ArrayList<>();
    for (Map.Entry<String, TensorInfo> e : outputs.entrySet()) {
      TensorType t = typeOrNull(e.getValue().type);
      if (t != null) {
        specs.add(new TensorSpec(e.getKey(), t, shape(e.getValue())));
      }
    }
    return specs;
  }

  @Override
  public List<Tensor> predict(List<Tensor> given) {
    Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
    try {
      if (columnsAsMatrix) {
        Map.Entry<String, TensorInfo> in = inputs.entrySet().iterator().next();
        feeds.put(in.getKey(), matrix(given, in.getValue()));
      } else {
        for (Tensor t : given) {
          TensorInfo info = inputs.get(t.name());
          if (info == null) {
            throw new InvalidInputException("the onnx graph has no input '" + t.name() + "'");
          }
          feeds.put(t.name(), tensor(t, info));
        }
      }
      try (OrtSession.Result result = session.run(feeds)) {
        List<Tensor> out = new ArrayList<>();
        for (Map.Entry<String, OnnxValue> e : result) {
          if (e.getValue() instanceof OnnxTensor t && outputs.containsKey(e.getKey())) {
            Tensor read = read(e.getKey(), t);
            if (read != null) {
              out.add(read);
            }
          }
        }
        return labels.isEmpty() ? out : labelled(out.get(0));
      }
    } catch (OrtException e) {
      // ONNX Runtime's message names shapes and types, not values.
      throw new InvalidInputException("the onnx graph refused the inputs: " + e.getMessage());
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  private List<Tensor> labelled(Tensor scores) {
    long[] shape = scores.shape();
    int rows = (int) shape[0];
    int k = (int) shape[1];
    String[] label = new String[rows];
    for (int r = 0; r < rows; r++) {
      int best = 0;
      for (int j = 1; j < k; j++) {
        if (scores.doubleAt(r * k + j) > scores.doubleAt(r * k + best)) {
          best = j;
        }
      }
      label[r] = labels.get(best);
    }
    Tensor named =
        Tensor.of("scores", scores.type(), shape, scores.data(), null).withLabels(labels);
    return List.of(Tensor.ofStrings(labelName, new long[] {rows}, label), named);
  }

  /** Columns of one value per row, side by side, as the graph's one matrix input. */
  private OnnxTensor matrix(List<Tensor> columns, TensorInfo info) throws OrtException {
    int rows = columns.isEmpty() ? 0 : (int) columns.get(0).rows();
    int cols = columns.size();
    long[] want = info.getShape();
    if (want[1] != -1 && want[1] != cols) {
      throw new InvalidInputException(
          "the onnx graph takes " + want[1] + " columns; the signature gives " + cols);
    }
    long[] shape = {rows, cols};
    if (info.type == OnnxJavaType.DOUBLE) {
      double[] d = new double[rows * cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          d[r * cols + c] = columns.get(c).doubleAt(r);
        }
      }
      return OnnxTensor.createTensor(env, DoubleBuffer.wrap(d), shape);
    }
    if (info.type != OnnxJavaType.FLOAT) {
      throw new InvalidInputException(
          "the onnx graph's matrix input is "
              + info.type
              + "; columns are fed only as FLOAT or DOUBLE");
    }
    float[] f = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        f[r * cols + c] = (float) columns.get(c).doubleAt(r);
      }
    }
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
  }

  private OnnxTensor tensor(Tensor t, TensorInfo info) throws OrtException {
    long[] shape = t.shape();
    int n = t.size();
    switch (info.type) {
      case FLOAT:
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = (float) t.doubleAt(i);
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
      case DOUBLE:
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
          d[i] = t.doubleAt(i);
        }
        return OnnxTensor.createTensor(env, DoubleBuffer.wrap(d), shape);
      case INT64:
        return OnnxTensor.createTensor(env, LongBuffer.wrap((long[]) t.data()), shape);
      case INT32:
        long[] l = (long[]) t.data();
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) {
          ints[i] = Math.toIntExact(l[i]);
        }
        return OnnxTensor.createTensor(env, IntBuffer.wrap(ints), shape);
      default:
        throw new InvalidInputException(
            "input '" + t.name() + "' is " + info.type + ", which Galley does not feed yet");
    }
  }

  private static @Nullable Tensor read(String name, OnnxTensor t) {
    TensorInfo info = t.getInfo();
    long[] shape = info.getShape();
    int n = (int) info.getNumElements();
    switch (info.type) {
      case FLOAT:
        float[] f = new float[n];
        t.getFloatBuffer().get(f);
        return Tensor.ofFloats(name, shape, f);
      case DOUBLE:
        double[] d = new double[n];
        t.getDoubleBuffer().get(d);
        return Tensor.ofDoubles(name, shape, d);
      case INT64:
        long[] l = new long[n];
        t.getLongBuffer().get(l);
        return Tensor.of(name, TensorType.INT64, shape, l, null);
      case INT32:
        int[] ints = new int[n];
        t.getIntBuffer().get(ints);
        long[] wide = new long[n];
        for (int i = 0; i < n; i++) {
          wide[i] = ints[i];
        }
        return Tensor.of(name, TensorType.INT32, shape, wide, null);
      default:
        return null; // strings, booleans, float16 outputs: not answered yet
    }
  }

  private static TensorInfo tensorInfo(NodeInfo node, String what) throws ModelLoadException {
    if (!(node.getInfo() instanceof TensorInfo t)) {
      throw new ModelLoadException("the onnx graph's " + what + " is not a tensor");
    }
    return t;
  }

  private static TensorType type(OnnxJavaType t, String what) throws ModelLoadException {
    TensorType type = typeOrNull(t);
    if (type == null) {
      throw new ModelLoadException("the onnx graph's " + what + " is " + t + ", not served yet");
    }
    return type;
  }

  private static @Nullable TensorType typeOrNull(OnnxJavaType t) {
    switch (t) {
      case FLOAT:
        return TensorType.FP32;
      case DOUBLE:
        return TensorType.FP64;
      case INT32:
        return TensorType.INT32;
      case INT64:
        return TensorType.INT64;
      default:
        return null;
    }
  }

  private static List<Long> shape(TensorInfo t) {
    List<Long> s = new ArrayList<>();
    for (long d : t.getShape()) {
      s.add(d < 0 ? -1L : d);
    }
    return s;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // closing at exit: nothing left to do
    }
    options.close();
  }
}
