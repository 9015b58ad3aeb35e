package io.galley.serving.predict;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.serving.model.ColSpec;
import io.galley.serving.model.Schema;
import io.galley.serving.model.TensorSpec;
import io.galley.serving.model.TensorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks a request's values against the served signature and turns them into the typed tensors a
 * {@link Predictor} takes, whichever protocol they came by. A named column is found by name (extra
 * columns are ignored, as MLflow ignores them), an unnamed one by position; a tensor by name, or
 * the one unnamed tensor as the whole input. Every refusal is an {@link InvalidInputException}
 * naming the column or tensor and what was expected.
 */
public final class Conformer {
  private Conformer() {}

  /** A table against a column-based signature: one tensor of shape [rows] per column. */
  public static List<Tensor> columns(Schema.Columns schema, InputTable table) {
    List<ColSpec> specs = schema.columns();
    List<JsonNode[]> chosen = new ArrayList<>();
    if (schema.named()) {
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < table.names().size(); i++) {
        String n = table.names().get(i);
        if (n != null) {
          index.putIfAbsent(n, i);
        }
      }
      if (index.isEmpty() && !table.columns().isEmpty()) {
        throw new InvalidInputException(
            "the columns have no names; this model's inputs are named " + names(specs));
      }
      List<String> missing = new ArrayList<>();
      for (ColSpec c : specs) {
        Integer at = index.get(c.name());
        if (at == null && c.required()) {
          missing.add(c.name());
        }
        chosen.add(at == null ? null : table.columns().get(at));
      }
      if (!missing.isEmpty()) {
        throw new InvalidInputException(
            "the model is missing inputs " + quoted(missing) + "; it takes " + names(specs));
      }
    } else {
      if (table.columns().size() < specs.size()) {
        throw new InvalidInputException(
            "the model takes "
                + specs.size()
                + " unnamed columns, matched by position; the request has "
                + table.columns().size());
      }
      chosen.addAll(table.columns().subList(0, specs.size()));
    }
    List<Tensor> out = new ArrayList<>(specs.size());
    int rows = table.rows();
    for (int c = 0; c < specs.size(); c++) {
      ColSpec spec = specs.get(c);
      String label = "column " + spec.label(c);
      TypedValues values = new TypedValues(spec.type().tensorType(), spec.type(), rows);
      JsonNode[] given = chosen.get(c);
      for (int r = 0; r < rows; r++) {
        // An optional column that was not sent is all missing.
        values.set(
            r,
            given == null ? null : given[r],
            table.textual(),
            !spec.required(),
            label + " at row " + r);
      }
      out.add(values.tensor(spec.name() == null ? "input-" + c : spec.name(), new long[] {rows}));
    }
    return out;
  }

  /** Arrays against a tensor-based signature: one tensor per spec, in the signature's order. */
  public static List<Tensor> tensors(Schema.Tensors schema, List<InputArray> arrays) {
    List<TensorSpec> specs = schema.tensors();
    Map<String, InputArray> byName = new HashMap<>();
    for (InputArray a : arrays) {
      if (a.name() != null && byName.putIfAbsent(a.name(), a) != null) {
        throw new InvalidInputException("an input is sent twice: '" + a.name() + "'");
      }
    }
    List<Tensor> out = new ArrayList<>(specs.size());
    List<String> missing = new ArrayList<>();
    for (TensorSpec spec : specs) {
      InputArray a;
      if (specs.size() == 1 && arrays.size() == 1 && matches(spec, arrays.get(0))) {
        a = arrays.get(0);
      } else {
        a = spec.name() == null ? null : byName.get(spec.name());
      }
      if (a == null) {
        missing.add(spec.name() == null ? "(unnamed)" : spec.name());
        continue;
      }
      out.add(tensor(spec, a));
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException(
          "the model is missing inputs "
              + quoted(missing)
              + "; it takes "
              + specs.stream().map(s -> s.name() == null ? "(unnamed)" : s.name()).toList());
    }
    return out;
  }

  /**
   * Arrays against a column-based signature (the Open Inference Protocol sends each column as a
   * tensor of shape [rows] or [rows, 1]).
   */
  public static List<Tensor> columnsFromArrays(Schema.Columns schema, List<InputArray> arrays) {
    List<@Nullable String> names = new ArrayList<>();
    List<JsonNode[]> columns = new ArrayList<>();
    long rows = -1;
    for (InputArray a : arrays) {
      List<Long> s = a.shape();
      boolean column = s.size() == 1 || (s.size() == 2 && s.get(1) == 1);
      String label = a.name() == null ? "an input" : "input '" + a.name() + "'";
      if (!column) {
        throw new InvalidInputException(
            label
                + " has shape "
                + a.shapeText()
                + "; a column is sent as shape [rows] or [rows, 1]");
      }
      if (rows >= 0 && s.get(0) != rows) {
        throw new InvalidInputException(
            "the inputs have different numbers of rows; every column needs one value per row");
      }
      rows = s.get(0);
      names.add(a.name());
      columns.add(a.values().toArray(new JsonNode[0]));
    }
    return columns(schema, new InputTable(names, columns, (int) Math.max(rows, 0), false));
  }

  /**
   * A table against a tensor-based signature, as MLflow takes one: the columns side by side as the
   * one tensor of shape (-1, columns), or one column as a tensor of shape (-1).
   */
  public static List<Tensor> tableAsTensor(Schema.Tensors schema, InputTable table) {
    if (schema.tensors().size() != 1) {
      throw new InvalidInputException(
          "this model takes several named tensors; send them as \"inputs\": {name: array, ...}");
    }
    TensorSpec spec = schema.tensors().get(0);
    int cols = table.columns().size();
    List<Long> shape =
        cols == 1 && spec.shape().size() == 1
            ? List.of((long) table.rows())
            : List.of((long) table.rows(), (long) cols);
    List<JsonNode> flat = new ArrayList<>(table.rows() * cols);
    for (int r = 0; r < table.rows(); r++) {
      for (JsonNode[] column : table.columns()) {
        flat.add(column[r]);
      }
    }
    return List.of(tensor(spec, new InputArray(spec.name(), shape, flat, null)));
  }

  private static Tensor tensor(TensorSpec spec, InputArray a) {
    List<Long> want = spec.shape();
    List<Long> got = a.shape();
    boolean fits = want.size() == got.size();
    for (int d = 0; fits && d < want.size(); d++) {
      fits = want.get(d) == -1 || want.get(d).equals(got.get(d));
    }
    if (!fits) {
      throw new InvalidInputException(
          spec.label() + " must have shape " + spec.shapeText() + ", got " + a.shapeText());
    }
    if (a.declared() != null && !widens(a.declared(), spec.type())) {
      throw new InvalidInputException(
          spec.label()
              + " must be "
              + protocolName(spec.type())
              + " (or a type that widens to it), got "
              + a.declared());
    }
    TypedValues values = new TypedValues(spec.type(), null, a.values().size());
    for (int i = 0; i < a.values().size(); i++) {
      values.set(i, a.values().get(i), false, false, spec.label() + " at index " + i);
    }
    long[] shape = got.stream().mapToLong(Long::longValue).toArray();
    return values.tensor(spec.name() == null ? "input" : spec.name(), shape);
  }

  /** The one input sent for a model of one tensor: unnamed on either side, or the same name. */
  private static boolean matches(TensorSpec spec, InputArray a) {
    return spec.name() == null || a.name() == null || spec.name().equals(a.name());
  }

  /** Whether every value of {@code from} is also one of {@code to} (checked per value for ints). */
  static boolean widens(TensorType from, TensorType to) {
    if (from == to) {
      return true;
    }
    if (from.isInteger()) {
      return to.isInteger() || to.isFloating();
    }
    return from.isFloating()
        && to.isFloating()
        && (to == TensorType.FP64 || from == TensorType.FP16);
  }

  private static String protocolName(TensorType t) {
    return t.name();
  }

  private static List<String> names(List<ColSpec> specs) {
    return specs.stream().map(c -> c.name() + " (" + c.type().mlflowName() + ")").toList();
  }

  private static String quoted(List<String> names) {
    return names.stream().map(n -> "'" + n + "'").toList().toString();
  }
}
