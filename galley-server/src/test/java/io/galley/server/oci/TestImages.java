package io.galley.server.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.testing.tools.Command;
import io.galley.testing.tools.SystemTools;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Tiny images built on this machine, as nothing can be pulled: a docker image imported from a
 * busybox rootfs, and OCI image layouts written here with random layers.
 */
public final class TestImages {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

  /**
   * Layers of files from this size on are gzip with stored (uncompressed) deflate blocks: fast to
   * write, and still compressed as far as clients see. Smaller ones use real compression. Plain tar
   * layers would not do: skopeo (containers/image) gzips uncompressed layers on their way to a
   * registry, so their digests would change.
   */
  static final long STORED_FROM = 1 << 20;

  private TestImages() {}

  /** A content-addressed file: {@code sha256:<hex>}, its size and where it lies. */
  public record Blob(String digest, long size, Path path) {
    public String hex() {
      return digest.substring("sha256:".length());
    }
  }

  /** An OCI image layout directory holding one image under {@code tag}. */
  public record OciLayout(Path dir, String tag, Blob manifest, Blob config, List<Blob> layers) {
    /** The containers/image transport reference, {@code oci:DIR:TAG}. */
    public String reference() {
      return "oci:" + dir + ":" + tag;
    }

    public String manifestDigest() {
      return manifest.digest();
    }

    /** Reads the image tagged {@code tag} from the layout in {@code dir}. */
    public static OciLayout read(Path dir, String tag) {
      try {
        JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
        for (JsonNode m : index.path("manifests")) {
          if (tag.equals(
              m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
            Blob manifest = blob(dir, m);
            JsonNode json = JSON.readTree(manifest.path().toFile());
            List<Blob> layers = new ArrayList<>();
            for (JsonNode l : json.path("layers")) {
              layers.add(blob(dir, l));
            }
            return new OciLayout(dir, tag, manifest, blob(dir, json.path("config")), layers);
          }
        }
        throw new AssertionError("no tag " + tag + " in " + dir + "/index.json: " + index);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static Blob blob(Path dir, JsonNode descriptor) {
      String digest = descriptor.path("digest").asText();
      return new Blob(
          digest,
          descriptor.path("size").asLong(),
          dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
    }

    /** The media types of the layers, as the manifest names them. */
    public List<String> layerMediaTypes() {
      List<String> types = new ArrayList<>();
      try {
        for (JsonNode l : JSON.readTree(manifest.path().toFile()).path("layers")) {
          types.add(l.path("mediaType").asText());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return types;
    }

    /** {@code rootfs.diff_ids} of the config. */
    public List<String> configDiffIds() {
      List<String> ids = new ArrayList<>();
      try {
        for (JsonNode d : JSON.readTree(config.path().toFile()).path("rootfs").path("diff_ids")) {
          ids.add(d.asText());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return ids;
    }

    /** The sha256 of each layer's uncompressed tar (gzip layers are decompressed). */
    public List<String> uncompressedLayerDigests() {
      List<String> types = layerMediaTypes();
      List<String> digests = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) {
        try (InputStream raw = Files.newInputStream(layers.get(i).path());
            InputStream in = types.get(i).contains("gzip") ? new GZIPInputStream(raw) : raw) {
          MessageDigest sha = sha256();
          DigestInputStream din = new DigestInputStream(in, sha);
          din.transferTo(OutputStream.nullOutputStream());
          digests.add("sha256:" + HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return digests;
    }
  }

  /**
   * An OCI image layout in {@code dir} (created if needed) whose image, tagged {@code tag}, has one
   * layer per entry of {@code fileSizes}: a tar of one file of that many random bytes. Layer {@code
   * i}'s bytes depend only on {@code seed} and {@code i}, so two layouts with the same seed share
   * layers; their configs differ by a label naming the tag. Every layer is tar+gzip (odd blob
   * sizes); from 1 MiB on its deflate blocks are stored, not compressed (fast to write).
   */
  public static OciLayout ociLayout(Path dir, String tag, long seed, long... fileSizes) {
    try {
      Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
      List<Blob> layers = new ArrayList<>();
      ArrayNode diffIds = JSON.createArrayNode();
      ArrayNode layerDescriptors = JSON.createArrayNode();
      for (int i = 0; i < fileSizes.length; i++) {
        int index = i;
        long size = fileSizes[i];
        int level = size < STORED_FROM ? Deflater.BEST_SPEED : Deflater.NO_COMPRESSION;
        String[] diffId = new String[1];
        Blob layer =
            writeBlob(
                blobs, out -> diffId[0] = writeLayer(out, index, size, seed * 7919 + index, level));
        layers.add(layer);
        diffIds.add(diffId[0]);
        layerDescriptors.add(descriptor(OCI_LAYER_GZIP, layer));
      }
      ObjectNode config = JSON.createObjectNode();
      config.put("architecture", "amd64");
      config.put("os", "linux");
      config.putObject("config").putObject("Labels").put("io.galley.test.tag", tag);
      ObjectNode rootfs = config.putObject("rootfs");
      rootfs.put("type", "layers");
      rootfs.set("diff_ids", diffIds);
      Blob configBlob = writeJson(blobs, config);

      ObjectNode manifest = JSON.createObjectNode();
      manifest.put("schemaVersion", 2);
      manifest.put("mediaType", OCI_MANIFEST);
      manifest.set("config", descriptor(OCI_CONFIG, configBlob));
      manifest.set("layers", layerDescriptors);
      Blob manifestBlob = writeJson(blobs, manifest);

      ObjectNode index = JSON.createObjectNode();
      index.put("schemaVersion", 2);
      ObjectNode entry = descriptor(OCI_MANIFEST, manifestBlob);
      entry.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
      index.putArray("manifests").add(entry);
      Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      return new OciLayout(dir, tag, manifestBlob, configBlob, layers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code count} small layers of odd sizes (1 byte, 511, 513, ..., up to ~100 KB). */
  public static long[] smallOddSizes(int count) {
    long[] sizes = new long[count];
    long[] base = {1, 511, 512, 513, 4095, 65537, 100_003, 0, 7, 1023};
    for (int i = 0; i < count; i++) {
      sizes[i] = base[i % base.length] + i / base.length;
    }
    return sizes;
  }

  private static ObjectNode descriptor(String mediaType, Blob blob) {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", blob.digest());
    d.put("size", blob.size());
    return d;
  }

  private static Blob writeJson(Path blobs, JsonNode json) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(json);
    return writeBlob(blobs, out -> out.write(bytes));
  }

  interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** Writes a blob through {@code writer} into {@code blobs/<sha256 hex>}. */
  static Blob writeBlob(Path blobs, Writer writer) throws IOException {
    Path tmp = Files.createTempFile(blobs, "partial", ".tmp");
    MessageDigest sha = sha256();
    try (OutputStream out =
        new DigestOutputStream(
            new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), sha)) {
      writer.write(out);
    }
    String hex = HexFormat.of().formatHex(sha.digest());
    Path target = blobs.resolve(hex);
    long size = Files.size(tmp);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    return new Blob("sha256:" + hex, size, target);
  }

  /** Writes layer {@code index}'s tar, gzipped at {@code level}, to {@code out}; its diff id. */
  private static String writeLayer(OutputStream out, int index, long fileSize, long seed, int level)
      throws IOException {
    MessageDigest diff = sha256();
    GZIPOutputStream gzip =
        new GZIPOutputStream(out, 1 << 16) {
          {
            def.setLevel(level);
          }
        };
    DigestOutputStream tar = new DigestOutputStream(gzip, diff);
    writeTarFile(tar, "layer-" + index + "/data.bin", fileSize, new Random(seed));
    tar.write(new byte[1024]); // end of archive: two zero blocks
    tar.flush();
    gzip.finish();
    return "sha256:" + HexFormat.of().formatHex(diff.digest());
  }

  /** One regular file in ustar format: header, {@code size} random bytes, padding to 512. */
  static void writeTarFile(OutputStream out, String name, long size, Random random)
      throws IOException {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", size));
    put(header, 136, "00000000000"); // mtime 0: the same layer bytes every time
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    header[155] = ' ';
    out.write(header);
    byte[] buf = new byte[1 << 16];
    for (long left = size; left > 0; ) {
      int n = (int) Math.min(buf.length, left);
      random.nextBytes(buf);
      out.write(buf, 0, n);
      left -= n;
    }
    int pad = (int) ((512 - size % 512) % 512);
    out.write(new byte[pad]);
  }

  private static void put(byte[] header, int offset, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  /**
   * A docker image tagged {@code tag}, imported ({@code docker import}) from a rootfs holding a
   * static {@code /bin/busybox} (with {@code sh} and {@code echo} linked to it), whose CMD prints
   * {@code hello}. Returns the image id. The caller removes it ({@code docker rmi -f}).
   */
  public static String dockerImage(Path dir, String tag) {
    Path busybox = staticBusybox();
    try {
      Path bin = Files.createDirectories(dir.resolve("rootfs/bin"));
      Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
      bin.resolve("busybox").toFile().setExecutable(true, false);
      Files.deleteIfExists(bin.resolve("sh"));
      Files.deleteIfExists(bin.resolve("echo"));
      Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
      Files.createSymbolicLink(bin.resolve("echo"), Path.of("busybox"));
      Path tar = dir.resolve("rootfs.tar");
      Command.of("tar", "-C", dir.resolve("rootfs").toString(), "-cf", tar.toString(), ".").ok();
      return Command.of(
              "docker",
              "import",
              "--change",
              "CMD [\"/bin/busybox\",\"echo\",\"hello\"]",
              tar.toString(),
              tag)
          .ok()
          .stdout()
          .strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A statically linked busybox (package busybox-static), as the image has no libc. */
  static Path staticBusybox() {
    Path busybox = SystemTools.find("busybox").orElse(Path.of("/bin/busybox"));
    if (!Files.isExecutable(busybox)) {
      SystemTools.unavailable("busybox is not installed (apt-get install busybox-static)");
    }
    Command.Result ldd = Command.of("ldd", busybox.toString()).run();
    if (ldd.ok() && ldd.stdout().contains("=>")) {
      SystemTools.unavailable(
          busybox + " is dynamically linked; the test image needs busybox-static");
    }
    return busybox;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code sha256:<hex>} of {@code bytes}. */
  public static String digest(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(sha256().digest(bytes));
  }
}
