package io.galley.serving.tribuo;

import io.galley.serving.model.ColSpec;
import io.galley.serving.model.ColumnType;
import io.galley.serving.model.ModelLoadException;
import io.galley.serving.model.Schema;
import io.galley.serving.model.Signature;
import io.galley.serving.model.TensorSpec;
import io.galley.serving.model.TensorType;
import io.galley.serving.predict.InvalidInputException;
import io.galley.serving.predict.Predictor;
import io.galley.serving.predict.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * A Tribuo model as a predictor. Its inputs are numeric columns, one per feature (a column the
 * model does not know is ignored, as Tribuo ignores unknown features; a missing value is an absent
 * feature, Tribuo's meaning of zero). A classifier gives its label (the signature's output column
 * name, else {@code label}) and {@code scores}, one per class in the model's class order; another
 * task gives {@code prediction}, Tribuo's text form of each output. Tribuo's models are immutable,
 * so concurrent predictions are safe.
 */
final class TribuoPredictor implements Predictor {
  private static final Set<ColumnType> NUMERIC =
      Set.of(
          ColumnType.DOUBLE,
          ColumnType.FLOAT,
          ColumnType.INTEGER,
          ColumnType.LONG,
          ColumnType.BOOLEAN);

  private final Model<?> model;
  private final Signature ownSignature;
  private final @Nullable List<String> classes;
  private final String labelName;

  TribuoPredictor(Model<?> model, @Nullable Signature given) throws ModelLoadException {
    this.model = model;
    List<ColSpec> features = new ArrayList<>();
    ImmutableFeatureMap map = model.getFeatureIDMap();
    for (int id = 0; id < map.size(); id++) {
      features.add(new ColSpec(map.get(id).getName(), ColumnType.DOUBLE, true));
    }
    this.ownSignature = new Signature(new Schema.Columns(features), null);
    if (given != null) {
      if (!(given.inputs() instanceof Schema.Columns columns) || !columns.named()) {
        throw new ModelLoadException(
            "a tribuo model takes named numeric columns; its MLmodel signature has tensors or"
                + " unnamed columns");
      }
      for (ColSpec c : columns.columns()) {
        if (!NUMERIC.contains(c.type())) {
          throw new ModelLoadException(
              "a tribuo model takes numeric columns; column '"
                  + c.name()
                  + "' is "
                  + c.type().mlflowName());
        }
      }
    }
    ImmutableOutputInfo<?> outputs = model.getOutputIDInfo();
    if (outputs.size() > 0 && outputs.getOutput(0) instanceof Label) {
      List<String> names = new ArrayList<>();
      for (int id = 0; id < outputs.size(); id++) {
        names.add(((Label) outputs.getOutput(id)).getLabel());
      }
      this.classes = List.copyOf(names);
    } else {
      this.classes = null;
    }
    this.labelName = given == null ? "label" : given.soleOutputName().orElse("label");
  }

  @Override
  public Signature signature() {
    return ownSignature;
  }

  @Override
  public List<TensorSpec> outputs() {
    if (classes == null) {
      return List.of(new TensorSpec("prediction", TensorType.BYTES, List.of(-1L)));
    }
    return List.of(
        new TensorSpec(labelName, TensorType.BYTES, List.of(-1L)),
        new TensorSpec("scores", TensorType.FP64, List.of(-1L, (long) classes.size())));
  }

  @Override
  public List<Tensor> predict(List<Tensor> inputs) {
    int rows = inputs.isEmpty() ? 0 : (int) inputs.get(0).rows();
    List<Prediction<?>> predictions = predictAll(model, inputs, rows);
    if (classes == null) {
      String[] text = new String[rows];
      for (int r = 0; r < rows; r++) {
        text[r] = predictions.get(r).getOutput().getSerializableForm(false);
      }
      return List.of(Tensor.ofStrings("prediction", new long[] {rows}, text));
    }
    String[] labels = new String[rows];
    double[] scores = new double[rows * classes.size()];
    for (int r = 0; r < rows; r++) {
      Prediction<?> p = predictions.get(r);
      labels[r] = ((Label) p.getOutput()).getLabel();
      Map<String, ? extends Output<?>> byClass = p.getOutputScores();
      for (int k = 0; k < classes.size(); k++) {
        Output<?> o = byClass.get(classes.get(k));
        scores[r * classes.size() + k] = o instanceof Label l ? l.getScore() : Double.NaN;
      }
    }
    return List.of(
        Tensor.ofStrings(labelName, new long[] {rows}, labels),
        Tensor.ofDoubles("scores", new long[] {rows, classes.size()}, scores).withLabels(classes));
  }

  private static <T extends Output<T>> List<Prediction<?>> predictAll(
      Model<T> model, List<Tensor> inputs, int rows) {
    List<Example<T>> examples = new ArrayList<>(rows);
    // Any output will do: predict ignores an example's output, and Tribuo's own readers put an
    // "unknown" one there that only the output factory knows.
    T placeholder = model.getOutputIDInfo().getOutput(0);
    for (int r = 0; r < rows; r++) {
      ArrayExample<T> e = new ArrayExample<>(placeholder);
      for (Tensor column : inputs) {
        if (!column.isMissing(r)) {
          double v = column.doubleAt(r);
          if (!Double.isNaN(v)) {
            e.add(column.name(), v);
          }
        }
      }
      examples.add(e);
    }
    try {
      return new ArrayList<>(model.predict(examples));
    } catch (IllegalArgumentException e) {
      // Tribuo refuses an example none of whose features it knows.
      throw new InvalidInputException(
          "a row has no value for any feature the model knows; it takes "
              + model.getFeatureIDMap().size()
              + " numeric columns (see the signature)");
    }
  }
}
