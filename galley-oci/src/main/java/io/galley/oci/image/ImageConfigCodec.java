package io.galley.oci.image;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.InvalidRequestException;
import io.galley.core.blob.Digest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes image configs with the spec's field names ({@code Env}, {@code diff_ids}…).
 * Writing is deterministic (fixed field order, sorted ports, compact), so the same config always
 * has the same digest. Errors are {@link InvalidRequestException}s naming the field.
 */
public final class ImageConfigCodec {
  private static final JsonFields FIELDS =
      new JsonFields(message -> new InvalidRequestException("image config invalid: " + message));

  private ImageConfigCodec() {}

  public static ImageConfig parse(byte[] bytes) {
    requireNonNull(bytes, "bytes");
    JsonNode root = FIELDS.readObject(bytes);
    JsonNode config = FIELDS.optionalObject(root, "config", "");
    JsonNode rootfs = FIELDS.object(root, "rootfs", "");
    List<Digest> diffIds = new ArrayList<>();
    List<String> ids = FIELDS.strings(rootfs, "diff_ids", "rootfs");
    for (int i = 0; i < ids.size(); i++) {
      try {
        diffIds.add(Digest.parse(ids.get(i)));
      } catch (InvalidRequestException e) {
        throw FIELDS.error("rootfs.diff_ids[" + i + "]: " + e.getMessage());
      }
    }
    List<History> history = new ArrayList<>();
    List<JsonNode> steps = FIELDS.array(root, "history", "", false);
    for (int i = 0; i < steps.size(); i++) {
      history.add(readHistory(steps.get(i), "history[" + i + "]"));
    }
    try {
      return new ImageConfig(
          FIELDS.optionalString(root, "created", ""),
          FIELDS.optionalString(root, "author", ""),
          FIELDS.string(root, "architecture", ""),
          FIELDS.string(root, "os", ""),
          FIELDS.optionalString(root, "os.version", ""),
          FIELDS.optionalString(root, "variant", ""),
          config == null ? ContainerConfig.EMPTY : readContainerConfig(config),
          new RootFs(FIELDS.string(rootfs, "type", "rootfs"), diffIds),
          history);
    } catch (InvalidRequestException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("image config invalid")) {
        throw e;
      }
      throw FIELDS.error(String.valueOf(e.getMessage()));
    }
  }

  public static byte[] write(ImageConfig image) {
    requireNonNull(image, "image");
    ObjectNode root = JsonFields.MAPPER.createObjectNode();
    putIfPresent(root, "created", image.created());
    putIfPresent(root, "author", image.author());
    root.put("architecture", image.architecture());
    root.put("os", image.os());
    putIfPresent(root, "os.version", image.osVersion());
    putIfPresent(root, "variant", image.variant());
    ObjectNode config = root.putObject("config");
    ContainerConfig c = image.config();
    putIfPresent(config, "User", c.user());
    if (!c.exposedPorts().isEmpty()) {
      ObjectNode ports = config.putObject("ExposedPorts");
      c.exposedPorts().forEach(p -> ports.putObject(p));
    }
    putList(config, "Env", c.env());
    putList(config, "Entrypoint", c.entrypoint());
    putList(config, "Cmd", c.cmd());
    putIfPresent(config, "WorkingDir", c.workingDir());
    if (!c.labels().isEmpty()) {
      ObjectNode labels = config.putObject("Labels");
      c.labels().forEach(labels::put);
    }
    ObjectNode rootfs = root.putObject("rootfs");
    rootfs.put("type", image.rootfs().type());
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    image.rootfs().diffIds().forEach(d -> diffIds.add(d.toString()));
    if (!image.history().isEmpty()) {
      ArrayNode history = root.putArray("history");
      for (History h : image.history()) {
        ObjectNode step = history.addObject();
        putIfPresent(step, "created", h.created());
        putIfPresent(step, "created_by", h.createdBy());
        putIfPresent(step, "author", h.author());
        putIfPresent(step, "comment", h.comment());
        if (h.emptyLayer()) {
          step.put("empty_layer", true);
        }
      }
    }
    try {
      return JsonFields.MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing a JSON tree cannot fail", e);
    }
  }

  private static ContainerConfig readContainerConfig(JsonNode config) {
    String path = "config";
    Set<String> ports = new LinkedHashSet<>();
    JsonNode exposed = FIELDS.optionalObject(config, "ExposedPorts", path);
    if (exposed != null) {
      exposed.fieldNames().forEachRemaining(ports::add);
    }
    Map<String, String> labels = FIELDS.stringMap(config, "Labels", path);
    return new ContainerConfig(
        FIELDS.optionalString(config, "User", path),
        ports,
        FIELDS.strings(config, "Env", path),
        FIELDS.strings(config, "Entrypoint", path),
        FIELDS.strings(config, "Cmd", path),
        FIELDS.optionalString(config, "WorkingDir", path),
        labels);
  }

  private static History readHistory(JsonNode node, String path) {
    if (!node.isObject()) {
      throw FIELDS.error(path + " must be an object");
    }
    JsonNode empty = node.get("empty_layer");
    if (empty != null && !empty.isNull() && !empty.isBoolean()) {
      throw FIELDS.error(path + ".empty_layer must be true or false");
    }
    return new History(
        FIELDS.optionalString(node, "created", path),
        FIELDS.optionalString(node, "created_by", path),
        FIELDS.optionalString(node, "author", path),
        FIELDS.optionalString(node, "comment", path),
        empty != null && empty.asBoolean());
  }

  private static void putIfPresent(ObjectNode node, String field, @Nullable String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static void putList(ObjectNode node, String field, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode array = node.putArray(field);
      values.forEach(array::add);
    }
  }
}
