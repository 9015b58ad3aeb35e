package io.galley.oci.modelpack;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.blob.Digest;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.ImageManifest;
import io.galley.oci.image.ManifestCodec;
import io.galley.oci.image.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A ModelPack manifest and config for a model's files: artifactType {@value #ARTIFACT_TYPE}, config
 * {@value #CONFIG}, and one {@code .raw} layer per file (weight, weight config, doc or code, by the
 * file's name) annotated with its path. A raw layer's digest is the file's, so the layers are the
 * blobs the files already are. Files are in path order and every date is given, so the same files
 * give the same digest.
 */
public record ModelPackArtifact(byte[] configBytes, Descriptor config, byte[] manifestBytes) {
  public static final String ARTIFACT_TYPE = "application/vnd.cncf.model.manifest.v1+json";
  public static final String CONFIG = "application/vnd.cncf.model.config.v1+json";
  public static final String WEIGHT = "application/vnd.cncf.model.weight.v1.raw";
  public static final String WEIGHT_CONFIG = "application/vnd.cncf.model.weight.config.v1.raw";
  public static final String DOC = "application/vnd.cncf.model.doc.v1.raw";
  public static final String CODE = "application/vnd.cncf.model.code.v1.raw";
  public static final String FILEPATH = "org.cncf.model.filepath";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** One of the model's files: its path in the model directory, digest and size. */
  public record File(String path, Digest digest, long size) {
    public File {
      requireNonNull(path, "path");
      requireNonNull(digest, "digest");
    }
  }

  /** What the config's {@code descriptor} says of the model. */
  public record About(
      String name,
      String version,
      Instant createdAt,
      @Nullable String sourceUrl,
      @Nullable String revision,
      String format) {}

  public ModelPackArtifact {
    configBytes = configBytes.clone();
    manifestBytes = manifestBytes.clone();
  }

  @Override
  public byte[] configBytes() {
    return configBytes.clone();
  }

  @Override
  public byte[] manifestBytes() {
    return manifestBytes.clone();
  }

  public Digest manifestDigest() {
    return ManifestCodec.sha256(manifestBytes);
  }

  public static ModelPackArtifact of(
      About about, List<File> files, Map<String, String> annotations) {
    List<File> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(File::path));
    ObjectNode config = JSON.createObjectNode();
    ObjectNode descriptor = config.putObject("descriptor");
    descriptor.put("name", about.name());
    descriptor.put("version", about.version());
    descriptor.put("createdAt", about.createdAt().toString());
    if (about.sourceUrl() != null) {
      descriptor.put("sourceURL", about.sourceUrl());
    }
    if (about.revision() != null) {
      descriptor.put("revision", about.revision());
    }
    config.putObject("config").put("format", about.format());
    ObjectNode modelfs = config.putObject("modelfs");
    modelfs.put("type", "layers");
    ArrayNode diffIds = modelfs.putArray("diff_ids");
    List<Descriptor> layers = new ArrayList<>();
    for (File f : sorted) {
      diffIds.add(f.digest().toString()); // a raw layer is its own uncompressed content
      layers.add(
          Descriptor.of(mediaTypeOf(f.path()), f.digest(), f.size())
              .withAnnotations(
                  new TreeMap<>(
                      Map.of(FILEPATH, f.path(), "org.opencontainers.image.title", f.path()))));
    }
    byte[] configBytes;
    try {
      configBytes = JSON.writeValueAsBytes(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Descriptor configDescriptor =
        Descriptor.of(CONFIG, ManifestCodec.sha256(configBytes), configBytes.length);
    ImageManifest manifest =
        new ImageManifest(
            2,
            MediaTypes.OCI_MANIFEST,
            ARTIFACT_TYPE,
            configDescriptor,
            layers,
            null,
            new TreeMap<>(annotations));
    return new ModelPackArtifact(configBytes, configDescriptor, ManifestCodec.write(manifest));
  }

  /** The layer type a file's name suggests: ModelPack's weight, weight config, doc or code. */
  public static String mediaTypeOf(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    if (name.equals("mlmodel")
        || List.of("json", "yaml", "yml", "toml", "cfg", "conf", "ini").contains(ext)) {
      return WEIGHT_CONFIG;
    }
    if (name.startsWith("readme")
        || name.startsWith("license")
        || List.of("md", "txt", "html").contains(ext)) {
      return DOC;
    }
    if (List.of("py", "sh", "java", "r", "js", "ts", "jar").contains(ext)) {
      return CODE;
    }
    return WEIGHT;
  }
}
