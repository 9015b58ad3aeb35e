package io.galley.serving.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.serving.model.ColSpec;
import io.galley.serving.model.Schema;
import io.galley.serving.model.TensorSpec;
import io.galley.serving.model.TensorType;
import io.galley.serving.predict.Conformer;
import io.galley.serving.predict.InputArray;
import io.galley.serving.predict.InvalidInputException;
import io.galley.serving.predict.NestedArrays;
import io.galley.serving.predict.RequestJson;
import io.galley.serving.predict.ServedModel;
import io.galley.serving.predict.Tensor;
import io.galley.serving.predict.TensorJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Open Inference Protocol's JSON (KServe V2, as Triton, Seldon's MLServer and KServe speak it):
 * inference requests in, inference responses and model metadata out. Tensor data may be flat or
 * nested, in row-major order; its length must match the shape.
 */
public final class InferenceProtocol {
  /** Tensors of more values than this are refused before any is converted. */
  private static final long MAX_VALUES = 1L << 28;

  private static final ObjectMapper LABELS = new ObjectMapper();

  public InferRequest read(byte[] body) {
    JsonNode root = RequestJson.read(body, "");
    if (root == null || !root.isObject()) {
      throw new InvalidInputException(
          "an inference request is a JSON object with \"inputs\": a list of tensors");
    }
    JsonNode id = root.get("id");
    if (id != null && !id.isTextual()) {
      throw new InvalidInputException("\"id\" must be a string");
    }
    JsonNode parameters = root.get("parameters");
    if (parameters != null && !parameters.isObject()) {
      throw new InvalidInputException("\"parameters\" must be an object");
    }
    JsonNode inputs = root.get("inputs");
    if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw new InvalidInputException(
          "\"inputs\" must be a non-empty list of tensors, each with name, shape, datatype and"
              + " data");
    }
    List<InputArray> arrays = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      InputArray a = input(inputs.get(i), i);
      if (!names.add(a.name())) {
        throw new InvalidInputException("two inputs have the name '" + a.name() + "'");
      }
      arrays.add(a);
    }
    List<String> outputs = null;
    JsonNode out = root.get("outputs");
    if (out != null) {
      if (!out.isArray()) {
        throw new InvalidInputException("\"outputs\" must be a list of {\"name\": ...}");
      }
      outputs = new ArrayList<>();
      for (JsonNode o : out) {
        if (!o.path("name").isTextual()) {
          throw new InvalidInputException("every entry of \"outputs\" needs a \"name\"");
        }
        outputs.add(o.path("name").textValue());
      }
    }
    return new InferRequest(id == null ? null : id.textValue(), arrays, outputs);
  }

  private static InputArray input(JsonNode node, int index) {
    String where = "input " + index;
    if (!node.isObject()) {
      throw new InvalidInputException(
          where + " must be an object with name, shape, datatype, data");
    }
    JsonNode name = node.get("name");
    if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
      throw new InvalidInputException(where + " needs a \"name\"");
    }
    where = "input '" + name.textValue() + "'";
    JsonNode shapeNode = node.get("shape");
    if (shapeNode == null || !shapeNode.isArray()) {
      throw new InvalidInputException(where + " needs a \"shape\": a list of sizes");
    }
    List<Long> shape = new ArrayList<>();
    long count = 1;
    for (JsonNode d : shapeNode) {
      if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
        throw new InvalidInputException(
            where + " has a shape whose sizes are not all whole numbers >= 0");
      }
      shape.add(d.longValue());
      count =
          d.longValue() == 0
              ? 0
              : Math.multiplyExact(
                  Math.min(count, MAX_VALUES), Math.min(d.longValue(), MAX_VALUES));
      if (count > MAX_VALUES) {
        throw new InvalidInputException(
            where + " has a shape of more than " + MAX_VALUES + " values");
      }
    }
    JsonNode datatype = node.get("datatype");
    if (datatype == null || !datatype.isTextual()) {
      throw new InvalidInputException(where + " needs a \"datatype\", e.g. FP32");
    }
    TensorType type =
        TensorType.ofProtocolName(datatype.textValue())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "input has an unknown datatype; the protocol's are BOOL, UINT8..UINT64,"
                            + " INT8..INT64, FP16, FP32, FP64 and BYTES"));
    JsonNode data = node.get("data");
    if (data == null || !data.isArray()) {
      throw new InvalidInputException(where + " needs \"data\": a list of values");
    }
    List<JsonNode> values = NestedArrays.flattenAll(data);
    if (values.size() != count) {
      throw new InvalidInputException(
          where + " has " + values.size() + " values for a shape of " + count);
    }
    return new InputArray(name.textValue(), shape, values, type);
  }

  /** The request's inputs as the served model takes them. */
  public static List<Tensor> conform(ServedModel model, InferRequest request) {
    Schema inputs = model.signature().inputs();
    if (inputs instanceof Schema.Columns c) {
      return Conformer.columnsFromArrays(c, request.inputs());
    }
    return Conformer.tensors((Schema.Tensors) inputs, request.inputs());
  }

  public static void writeResponse(
      JsonGenerator g, ServedModel model, InferRequest request, List<Tensor> outputs)
      throws IOException {
    List<Tensor> chosen = outputs;
    if (request.outputs() != null) {
      chosen = new ArrayList<>();
      for (String name : request.outputs()) {
        Tensor found = null;
        for (Tensor t : outputs) {
          if (t.name().equals(name)) {
            found = t;
          }
        }
        if (found == null) {
          throw new InvalidInputException(
              "the model has no output '"
                  + name
                  + "'; it gives "
                  + outputs.stream().map(Tensor::name).toList());
        }
        chosen.add(found);
      }
    }
    g.writeStartObject();
    g.writeStringField("model_name", model.name());
    if (model.version() != null) {
      g.writeStringField("model_version", model.version());
    }
    if (request.id() != null) {
      g.writeStringField("id", request.id());
    }
    g.writeArrayFieldStart("outputs");
    for (Tensor t : chosen) {
      g.writeStartObject();
      g.writeStringField("name", t.name());
      g.writeStringField("datatype", t.type().name());
      g.writeArrayFieldStart("shape");
      for (long d : t.shape()) {
        g.writeNumber(d);
      }
      g.writeEndArray();
      if (t.labels() != null) {
        // Parameters are strings, numbers or booleans: the last axis' labels as a JSON list text.
        g.writeObjectFieldStart("parameters");
        g.writeStringField("labels", LABELS.writeValueAsString(t.labels()));
        g.writeEndObject();
      }
      g.writeFieldName("data");
      TensorJson.flat(g, t, 0, t.size());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** {@code GET /v2/models/NAME}: name, versions, platform, inputs and outputs. */
  public static void writeMetadata(JsonGenerator g, ServedModel model) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", model.name());
    if (model.version() != null) {
      g.writeArrayFieldStart("versions");
      g.writeString(model.version());
      g.writeEndArray();
    }
    g.writeStringField("platform", "galley_" + model.flavor());
    g.writeArrayFieldStart("inputs");
    Schema inputs = model.signature().inputs();
    if (inputs instanceof Schema.Columns c) {
      for (int i = 0; i < c.columns().size(); i++) {
        ColSpec col = c.columns().get(i);
        tensorMetadata(
            g,
            col.name() == null ? "input-" + i : col.name(),
            col.type().tensorType(),
            List.of(-1L));
      }
    } else {
      for (TensorSpec t : ((Schema.Tensors) inputs).tensors()) {
        tensorMetadata(g, t.name() == null ? "input" : t.name(), t.type(), t.shape());
      }
    }
    g.writeEndArray();
    g.writeArrayFieldStart("outputs");
    for (TensorSpec t : model.predictor().outputs()) {
      tensorMetadata(g, t.name() == null ? "output" : t.name(), t.type(), t.shape());
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void tensorMetadata(
      JsonGenerator g, String name, TensorType type, List<Long> shape) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("datatype", type.name());
    g.writeArrayFieldStart("shape");
    for (long d : shape) {
      g.writeNumber(d);
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
