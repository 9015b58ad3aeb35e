package io.galley.oci.image;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.InvalidRequestException;
import io.galley.core.blob.Digest;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads manifests and indexes from the bytes a client pushes and writes them for the image builder.
 * Parsing keeps the bytes: a manifest's digest is of the bytes as pushed, so a registry stores and
 * serves them unchanged. Every rejection is an {@link OciException} with {@code MANIFEST_INVALID}
 * (or {@code UNSUPPORTED} for Docker schema 1) naming the offending field.
 */
public final class ManifestCodec {
  /**
   * The largest manifest accepted: the distribution spec says registries SHOULD accept at least 4
   * MiB and answer 413 above their limit. The server checks the body's length against this and
   * answers 413 before parsing; {@link #parse} refuses larger input as a backstop.
   */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  /** Real manifests nest 5 deep; anything far deeper is an attack on the parser. */
  public static final int MAX_DEPTH = JsonFields.MAX_DEPTH;

  private static final ObjectMapper MAPPER = JsonFields.MAPPER;

  private static final JsonFields FIELDS =
      new JsonFields(message -> invalid("manifest invalid: " + message));

  private ManifestCodec() {}

  /**
   * Parses and validates a pushed manifest. The kind comes from the document's {@code mediaType};
   * without one, from {@code contentType} (the request's Content-Type, may be null); without a
   * known one of those, from its shape ({@code manifests} → OCI index, else OCI manifest). A {@code
   * mediaType} and a Content-Type that name different kinds are refused.
   */
  public static ParsedManifest parse(byte[] bytes, @Nullable String contentType) {
    requireNonNull(bytes, "bytes");
    if (bytes.length > MAX_BYTES) {
      throw invalid(
          "manifest invalid: " + bytes.length + " bytes, at most " + MAX_BYTES + " are accepted");
    }
    JsonNode root = FIELDS.readObject(bytes);
    ManifestKind kind = kindOf(root, contentType);
    int schemaVersion = FIELDS.integer(root, "schemaVersion", "");
    if (schemaVersion == 1) {
      throw new OciException(
          OciErrorCode.UNSUPPORTED, "Docker schema 1 manifests are not supported: push schema 2");
    }
    if (schemaVersion != Manifest.SCHEMA_VERSION) {
      throw invalid("manifest invalid: schemaVersion must be 2, got " + schemaVersion);
    }
    byte[] copy = bytes.clone();
    Manifest document;
    try {
      document =
          kind.isIndex() ? readIndex(root, schemaVersion) : readManifest(root, schemaVersion);
    } catch (InvalidRequestException e) {
      throw invalid("manifest invalid: " + e.getMessage());
    }
    return new ParsedManifest(copy, sha256(copy), kind, document);
  }

  /** The JSON of a manifest or index, compact, fields in the spec's order, empty ones left out. */
  public static byte[] write(Manifest manifest) {
    requireNonNull(manifest, "manifest");
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", manifest.schemaVersion());
    putIfPresent(root, "mediaType", manifest.mediaType());
    putIfPresent(root, "artifactType", manifest.artifactType());
    if (manifest instanceof ImageManifest m) {
      root.set("config", descriptor(m.config()));
      ArrayNode layers = root.putArray("layers");
      m.layers().forEach(d -> layers.add(descriptor(d)));
    } else {
      ArrayNode manifests = root.putArray("manifests");
      ((ImageIndex) manifest).manifests().forEach(d -> manifests.add(descriptor(d)));
    }
    if (manifest.subject() != null) {
      root.set("subject", descriptor(manifest.subject()));
    }
    putMap(root, "annotations", manifest.annotations());
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing a JSON tree cannot fail", e);
    }
  }

  /** The sha256 digest of some bytes, as a manifest's digest is computed. */
  public static Digest sha256(byte[] bytes) {
    try {
      return Digest.ofSha256(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static ManifestKind kindOf(JsonNode root, @Nullable String contentType) {
    String declared = FIELDS.optionalString(root, "mediaType", "");
    Optional<ManifestKind> fromHeader =
        contentType == null ? Optional.empty() : ManifestKind.fromMediaType(contentType);
    if (declared != null) {
      String bare = MediaTypes.withoutParameters(declared);
      if (bare.equals(MediaTypes.DOCKER_MANIFEST_V1)
          || bare.equals(MediaTypes.DOCKER_MANIFEST_V1_SIGNED)) {
        throw new OciException(
            OciErrorCode.UNSUPPORTED, "Docker schema 1 manifests are not supported: push schema 2");
      }
      ManifestKind kind =
          ManifestKind.fromMediaType(declared)
              .orElseThrow(() -> invalid("manifest invalid: unknown mediaType '" + declared + "'"));
      if (fromHeader.isPresent() && fromHeader.get() != kind) {
        throw invalid(
            "manifest invalid: mediaType "
                + kind.mediaType()
                + " does not match Content-Type "
                + contentType);
      }
      return checkShape(root, kind);
    }
    if (fromHeader.isPresent()) {
      return checkShape(root, fromHeader.get());
    }
    return checkShape(
        root, root.has("manifests") ? ManifestKind.OCI_INDEX : ManifestKind.OCI_MANIFEST);
  }

  // A document with both a config and manifests could be read as either; refuse it
  // (image-spec's considerations on ambiguous documents).
  private static ManifestKind checkShape(JsonNode root, ManifestKind kind) {
    if (kind.isIndex() && (root.has("config") || root.has("layers"))) {
      throw invalid("manifest invalid: an index must not have config or layers");
    }
    if (!kind.isIndex() && root.has("manifests")) {
      throw invalid("manifest invalid: an image manifest must not have manifests");
    }
    return kind;
  }

  private static ImageManifest readManifest(JsonNode root, int schemaVersion) {
    Descriptor config = readDescriptor(FIELDS.object(root, "config", ""), "config");
    List<JsonNode> layerNodes = FIELDS.array(root, "layers", "", true);
    List<Descriptor> layers = new ArrayList<>(layerNodes.size());
    for (int i = 0; i < layerNodes.size(); i++) {
      layers.add(readDescriptor(layerNodes.get(i), "layers[" + i + "]"));
    }
    return new ImageManifest(
        schemaVersion,
        FIELDS.optionalString(root, "mediaType", ""),
        FIELDS.optionalString(root, "artifactType", ""),
        config,
        layers,
        readSubject(root),
        FIELDS.stringMap(root, "annotations", ""));
  }

  private static ImageIndex readIndex(JsonNode root, int schemaVersion) {
    List<JsonNode> nodes = FIELDS.array(root, "manifests", "", true);
    List<Descriptor> manifests = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      manifests.add(readDescriptor(nodes.get(i), "manifests[" + i + "]"));
    }
    return new ImageIndex(
        schemaVersion,
        FIELDS.optionalString(root, "mediaType", ""),
        FIELDS.optionalString(root, "artifactType", ""),
        manifests,
        readSubject(root),
        FIELDS.stringMap(root, "annotations", ""));
  }

  private static @Nullable Descriptor readSubject(JsonNode root) {
    JsonNode subject = FIELDS.optionalObject(root, "subject", "");
    return subject == null ? null : readDescriptor(subject, "subject");
  }

  private static Descriptor readDescriptor(JsonNode node, String path) {
    if (!node.isObject()) {
      throw invalid("manifest invalid: " + path + " must be an object");
    }
    JsonNode platform = FIELDS.optionalObject(node, "platform", path);
    try {
      return new Descriptor(
          FIELDS.string(node, "mediaType", path),
          FIELDS.digest(node, "digest", path),
          FIELDS.nonNegativeLong(node, "size", path),
          FIELDS.strings(node, "urls", path),
          FIELDS.stringMap(node, "annotations", path),
          FIELDS.optionalString(node, "artifactType", path),
          platform == null ? null : readPlatform(platform, path + ".platform"));
    } catch (OciException e) {
      throw e;
    } catch (InvalidRequestException e) {
      throw invalid("manifest invalid: " + path + ": " + e.getMessage());
    }
  }

  private static Platform readPlatform(JsonNode node, String path) {
    return new Platform(
        FIELDS.string(node, "architecture", path),
        FIELDS.string(node, "os", path),
        FIELDS.optionalString(node, "os.version", path),
        FIELDS.strings(node, "os.features", path),
        FIELDS.optionalString(node, "variant", path));
  }

  private static ObjectNode descriptor(Descriptor d) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("mediaType", d.mediaType());
    putIfPresent(node, "artifactType", d.artifactType());
    node.put("digest", d.digest().toString());
    node.put("size", d.size());
    if (!d.urls().isEmpty()) {
      ArrayNode urls = node.putArray("urls");
      d.urls().forEach(urls::add);
    }
    putMap(node, "annotations", d.annotations());
    Platform p = d.platform();
    if (p != null) {
      ObjectNode platform = node.putObject("platform");
      platform.put("architecture", p.architecture());
      platform.put("os", p.os());
      putIfPresent(platform, "os.version", p.osVersion());
      if (!p.osFeatures().isEmpty()) {
        ArrayNode features = platform.putArray("os.features");
        p.osFeatures().forEach(features::add);
      }
      putIfPresent(platform, "variant", p.variant());
    }
    return node;
  }

  private static void putIfPresent(ObjectNode node, String field, @Nullable String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static void putMap(ObjectNode node, String field, Map<String, String> map) {
    if (!map.isEmpty()) {
      ObjectNode object = node.putObject(field);
      map.forEach(object::put);
    }
  }

  private static OciException invalid(String message) {
    return new OciException(OciErrorCode.MANIFEST_INVALID, message);
  }
}
