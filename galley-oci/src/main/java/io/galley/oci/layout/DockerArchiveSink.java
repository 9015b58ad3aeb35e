package io.galley.oci.layout;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.galley.core.blob.Digest;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.ImageSink;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.ImageIndex;
import io.galley.oci.image.ManifestCodec;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.layer.ReproducibleTar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one image as an archive that {@code docker load} and {@code podman load} read: an OCI
 * image layout (blobs, {@code index.json}, {@code oci-layout}) and Docker's {@code manifest.json}
 * naming the config, the layers and the tags, as {@code docker save} writes it since Docker 25.
 * Blobs are written as they come; the archive is finished by {@link #putManifest}, and is itself
 * reproducible (every entry dated alike, in the builder's order).
 */
public final class DockerArchiveSink implements ImageSink {
  private static final JsonFactory JSON = new JsonFactory();

  private final ReproducibleTar tar;
  private final List<String> repoTags;
  private final Set<Digest> written = new HashSet<>();

  /**
   * @param out the archive's stream; closed by {@link #putManifest}
   * @param repoTags what {@code docker images} will call the image ({@code iris:1}); may be empty
   * @param mtime the date of every entry
   */
  public DockerArchiveSink(OutputStream out, List<String> repoTags, Instant mtime)
      throws IOException {
    this.tar = new ReproducibleTar(requireNonNull(out, "out"), mtime);
    this.repoTags = List.copyOf(repoTags);
    tar.add(LayerEntry.directory("blobs"));
    tar.add(LayerEntry.directory("blobs/" + Digest.ALGORITHM));
  }

  @Override
  public boolean has(Descriptor blob) {
    return written.contains(blob.digest());
  }

  @Override
  public void putBlob(Descriptor blob, LayerEntry.Content content) throws IOException {
    if (written.add(blob.digest())) {
      tar.add(LayerEntry.file(path(blob.digest()), LayerEntry.FILE_MODE, blob.size(), content));
    }
  }

  @Override
  public void putManifest(BuiltImage image) throws IOException {
    Descriptor manifest = image.manifestDescriptor();
    byte[] bytes = image.manifestBytes();
    putBlob(manifest, () -> new ByteArrayInputStream(bytes));
    Map<String, String> annotations = new LinkedHashMap<>();
    if (!repoTags.isEmpty()) {
      String first = repoTags.get(0);
      annotations.put("io.containerd.image.name", first);
      annotations.put(OciLayoutSink.REF_NAME, first.substring(first.lastIndexOf(':') + 1));
    }
    tar.add(
        LayerEntry.bytes(
            "index.json",
            LayerEntry.FILE_MODE,
            ManifestCodec.write(ImageIndex.of(List.of(manifest.withAnnotations(annotations))))));
    tar.add(
        LayerEntry.bytes(
            "manifest.json", LayerEntry.FILE_MODE, dockerManifest(image).getBytes(UTF_8)));
    tar.add(
        LayerEntry.bytes(
            "oci-layout",
            LayerEntry.FILE_MODE,
            "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(UTF_8)));
    tar.close();
  }

  /** {@code [{"Config": ..., "RepoTags": [...], "Layers": [...]}]}, paths inside the archive. */
  private String dockerManifest(BuiltImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      g.writeStartObject();
      g.writeStringField("Config", path(image.manifest().config().digest()));
      g.writeArrayFieldStart("RepoTags");
      for (String t : repoTags) {
        g.writeString(t);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("Layers");
      for (Descriptor layer : image.layers()) {
        g.writeString(path(layer.digest()));
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
    }
    return out.toString(UTF_8);
  }

  private static String path(Digest digest) {
    return "blobs/" + Digest.ALGORITHM + "/" + digest.hex();
  }
}
