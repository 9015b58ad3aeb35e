package io.galley.serving.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.galley.serving.model.Schema;
import io.galley.serving.model.Signature;
import io.galley.serving.predict.Conformer;
import io.galley.serving.predict.InputArray;
import io.galley.serving.predict.InputTable;
import io.galley.serving.predict.InvalidInputException;
import io.galley.serving.predict.NestedArrays;
import io.galley.serving.predict.RequestJson;
import io.galley.serving.predict.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The body of MLflow's {@code POST /invocations}, as MLflow 2's scoring server takes it: JSON with
 * exactly one of {@code dataframe_split}, {@code dataframe_records}, {@code instances} and {@code
 * inputs} (and an optional {@code params} object), or CSV with a header row. Read into the served
 * signature's tensors; anything else is an {@link InvalidInputException} saying what was expected.
 */
public final class ScoringRequests {
  static final List<String> FORMATS =
      List.of("dataframe_split", "dataframe_records", "instances", "inputs");
  private static final Set<String> SPLIT_KEYS = Set.of("columns", "data", "index");

  /** A key is repeated in an error only when it is short and plain: never the caller's data. */
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

  private static final String EXPECTED =
      "a JSON object with exactly one of \"dataframe_split\", \"dataframe_records\", \"instances\""
          + " or \"inputs\" (and optionally \"params\")";

  private final CsvMapper csv;

  public ScoringRequests() {
    this.csv = new CsvMapper();
    csv.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    csv.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
  }

  /** A JSON body's inputs, checked against {@code signature}. */
  public List<Tensor> json(byte[] body, Signature signature) {
    JsonNode root = RequestJson.read(body, EXPECTED);
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("expected " + EXPECTED);
    }
    String format = null;
    List<String> unexpected = new ArrayList<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (FORMATS.contains(key)) {
        if (format != null) {
          throw new InvalidInputException(
              "the body holds both \"" + format + "\" and \"" + key + "\"; expected " + EXPECTED);
        }
        format = key;
      } else if (!key.equals("params")) {
        unexpected.add(PLAIN_KEY.matcher(key).matches() ? "\"" + key + "\"" : "(a long key)");
      }
    }
    if (!unexpected.isEmpty()) {
      throw new InvalidInputException(
          "unexpected field(s) " + String.join(", ", unexpected) + "; expected " + EXPECTED);
    }
    if (format == null) {
      throw new InvalidInputException("expected " + EXPECTED);
    }
    JsonNode params = root.get("params");
    if (params != null && !params.isObject() && !params.isNull()) {
      throw new InvalidInputException("\"params\" must be a JSON object");
    }
    JsonNode data = root.get(format);
    Schema inputs = signature.inputs();
    switch (format) {
      case "dataframe_split":
        return table(inputs, split(data));
      case "dataframe_records":
        if (!data.isArray()) {
          throw new InvalidInputException(
              "\"dataframe_records\" must be a list of records, one object per row");
        }
        return table(inputs, records(data, "dataframe_records"));
      default:
        return tensorsOrColumns(inputs, data, format);
    }
  }

  /** A CSV body with a header row, checked against {@code signature}. */
  public List<Tensor> csv(byte[] body, Signature signature) {
    List<String[]> lines = new ArrayList<>();
    try (MappingIterator<String[]> it =
        csv.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(body)) {
      while (it.hasNextValue()) {
        lines.add(it.nextValue());
      }
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          "the body is not valid CSV; expected a header row of column names, then one line per row");
    }
    if (lines.isEmpty()) {
      throw new InvalidInputException("the CSV body is empty; expected a header row, then rows");
    }
    String[] header = lines.get(0);
    int rows = lines.size() - 1;
    List<JsonNode[]> columns = new ArrayList<>();
    for (int c = 0; c < header.length; c++) {
      columns.add(new JsonNode[rows]);
    }
    for (int r = 0; r < rows; r++) {
      String[] line = lines.get(r + 1);
      if (line.length != header.length) {
        throw new InvalidInputException(
            "CSV row " + r + " has " + line.length + " fields for " + header.length + " columns");
      }
      for (int c = 0; c < line.length; c++) {
        columns.get(c)[r] = TextNode.valueOf(line[c]);
      }
    }
    List<@Nullable String> names = new ArrayList<>();
    for (String h : header) {
      // pandas writes its index as a first column with an empty name: no input's name.
      names.add(h.isEmpty() ? null : h);
    }
    InputTable table = new InputTable(names, columns, rows, true);
    return table(signature.inputs(), table);
  }

  private static List<Tensor> table(Schema inputs, InputTable table) {
    if (inputs instanceof Schema.Columns c) {
      return Conformer.columns(c, table);
    }
    return Conformer.tableAsTensor((Schema.Tensors) inputs, table);
  }

  private static InputTable split(JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidInputException(
          "\"dataframe_split\" must be an object with \"data\" and optionally \"columns\" and"
              + " \"index\"");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      if (!SPLIT_KEYS.contains(it.next())) {
        throw new InvalidInputException(
            "\"dataframe_split\" takes only \"data\", \"columns\" and \"index\"");
      }
    }
    JsonNode data = node.get("data");
    if (data == null || !data.isArray()) {
      throw new InvalidInputException(
          "\"dataframe_split\" needs \"data\": a list of rows, each a list of values");
    }
    JsonNode columnsNode = node.get("columns");
    List<@Nullable String> names = new ArrayList<>();
    if (columnsNode != null && !columnsNode.isNull()) {
      if (!columnsNode.isArray()) {
        throw new InvalidInputException("\"dataframe_split.columns\" must be a list of names");
      }
      for (JsonNode n : columnsNode) {
        if (!n.isTextual()) {
          throw new InvalidInputException("\"dataframe_split.columns\" must be a list of names");
        }
        if (names.contains(n.textValue())) {
          throw new InvalidInputException("\"dataframe_split.columns\" names a column twice");
        }
        names.add(n.textValue());
      }
    }
    int width =
        columnsNode != null && !columnsNode.isNull()
            ? names.size()
            : data.isEmpty() ? 0 : data.get(0).size();
    if (names.isEmpty()) {
      for (int c = 0; c < width; c++) {
        names.add(null);
      }
    }
    int rows = data.size();
    List<JsonNode[]> columns = new ArrayList<>();
    for (int c = 0; c < width; c++) {
      columns.add(new JsonNode[rows]);
    }
    for (int r = 0; r < rows; r++) {
      JsonNode row = data.get(r);
      if (!row.isArray() || row.size() != width) {
        throw new InvalidInputException(
            "row "
                + r
                + " of \"dataframe_split.data\" must be a list of "
                + width
                + " values, one per column");
      }
      for (int c = 0; c < width; c++) {
        columns.get(c)[r] = row.get(c);
      }
    }
    return new InputTable(names, columns, rows, false);
  }

  /** A list of objects, one per row; a key a row lacks is a missing value there. */
  private static InputTable records(JsonNode list, String what) {
    Map<String, JsonNode[]> columns = new LinkedHashMap<>();
    int rows = list.size();
    for (int r = 0; r < rows; r++) {
      JsonNode row = list.get(r);
      if (!row.isObject()) {
        throw new InvalidInputException(
            "row " + r + " of \"" + what + "\" must be an object of column names to values");
      }
      for (Map.Entry<String, JsonNode> e : row.properties()) {
        columns.computeIfAbsent(e.getKey(), k -> new JsonNode[rows])[r] = e.getValue();
      }
    }
    return new InputTable(
        new ArrayList<>(columns.keySet()), new ArrayList<>(columns.values()), rows, false);
  }

  /**
   * {@code instances} or {@code inputs}: rows as objects, a dict of columns or of named tensors, or
   * one array (the model's one column or tensor), as MLflow's TF-serving form allows.
   */
  private static List<Tensor> tensorsOrColumns(Schema inputs, JsonNode data, String format) {
    String label = "\"" + format + "\"";
    boolean rowsOfObjects = data.isArray() && !data.isEmpty() && allObjects(data);
    if (inputs instanceof Schema.Columns columns) {
      if (rowsOfObjects) {
        return Conformer.columns(columns, records(data, format));
      }
      if (data.isObject()) {
        return Conformer.columns(columns, columnar(data, label));
      }
      if (data.isArray() && columns.columns().size() == 1) {
        JsonNode[] values = new JsonNode[data.size()];
        for (int r = 0; r < values.length; r++) {
          values[r] = data.get(r);
        }
        List<@Nullable String> names = new ArrayList<>();
        names.add(columns.columns().get(0).name());
        List<JsonNode[]> single = new ArrayList<>();
        single.add(values);
        return Conformer.columns(columns, new InputTable(names, single, values.length, false));
      }
      throw new InvalidInputException(
          label
              + " must be a list of objects (one per row, column names to values) or an object of"
              + " column names to lists of values; this model takes columns");
    }
    Schema.Tensors tensors = (Schema.Tensors) inputs;
    if (rowsOfObjects) {
      return Conformer.tensors(tensors, stacked(data, label));
    }
    if (data.isObject()) {
      List<InputArray> arrays = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : data.properties()) {
        arrays.add(NestedArrays.of(e.getKey(), e.getValue(), "input '" + e.getKey() + "'"));
      }
      return Conformer.tensors(tensors, arrays);
    }
    return Conformer.tensors(tensors, List.of(NestedArrays.of(null, data, label)));
  }

  /** {@code {"a": [1, 2], "b": [3, 4]}}; a dict of single values is one row, as MLflow takes it. */
  private static InputTable columnar(JsonNode data, String label) {
    List<@Nullable String> names = new ArrayList<>();
    List<JsonNode> values = new ArrayList<>();
    boolean allScalars = true;
    for (Map.Entry<String, JsonNode> e : data.properties()) {
      names.add(e.getKey());
      values.add(e.getValue());
      allScalars &= !e.getValue().isArray();
    }
    int rows = allScalars ? 1 : -1;
    List<JsonNode[]> columns = new ArrayList<>();
    for (JsonNode v : values) {
      if (allScalars) {
        columns.add(new JsonNode[] {v});
        continue;
      }
      if (!v.isArray() || (rows >= 0 && v.size() != rows)) {
        throw new InvalidInputException(
            label + " must map every column to a list of values, all of the same length");
      }
      rows = v.size();
      JsonNode[] column = new JsonNode[rows];
      for (int r = 0; r < rows; r++) {
        column[r] = v.get(r);
      }
      columns.add(column);
    }
    return new InputTable(names, columns, Math.max(rows, 0), false);
  }

  /** Rows of named tensors, stacked along a new first axis. */
  private static List<InputArray> stacked(JsonNode rows, String label) {
    Map<String, List<JsonNode>> byName = new LinkedHashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (JsonNode row : rows) {
      for (Map.Entry<String, JsonNode> e : row.properties()) {
        byName.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        counts.merge(e.getKey(), 1, Integer::sum);
      }
    }
    List<InputArray> arrays = new ArrayList<>();
    for (Map.Entry<String, List<JsonNode>> e : byName.entrySet()) {
      if (counts.getOrDefault(e.getKey(), 0) != rows.size()) {
        throw new InvalidInputException(
            "every row of "
                + label
                + " must give every input; some rows lack '"
                + e.getKey()
                + "'");
      }
      com.fasterxml.jackson.databind.node.ArrayNode stack =
          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
      e.getValue().forEach(stack::add);
      arrays.add(NestedArrays.of(e.getKey(), stack, "input '" + e.getKey() + "'"));
    }
    return arrays;
  }

  private static boolean allObjects(JsonNode list) {
    for (JsonNode n : list) {
      if (!n.isObject()) {
        return false;
      }
    }
    return true;
  }
}
