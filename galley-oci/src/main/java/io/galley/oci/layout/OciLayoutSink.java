package io.galley.oci.layout;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.galley.core.blob.Digest;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.build.ImageSink;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.ImageIndex;
import io.galley.oci.image.ManifestCodec;
import io.galley.oci.image.ParsedManifest;
import io.galley.oci.layer.LayerEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes images into an OCI image layout directory: {@code oci-layout}, {@code blobs/sha256/<hex>}
 * (each written under a temporary name, checked against its digest, then renamed, so a reader never
 * sees half a blob) and {@code index.json}, where the image is listed with {@code
 * org.opencontainers.image.ref.name} set to the tag, replacing an entry of that name. Images
 * already in the layout stay.
 */
public final class OciLayoutSink implements ImageSink {
  public static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static final String LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}";

  private final Path dir;
  private final @Nullable String refName;

  /**
   * @param dir the layout's directory, made when missing
   * @param refName the tag the image is listed under in {@code index.json}, or null for none
   */
  public OciLayoutSink(Path dir, @Nullable String refName) {
    this.dir = requireNonNull(dir, "dir");
    this.refName = refName;
  }

  @Override
  public boolean has(Descriptor blob) throws IOException {
    Path p = blobPath(blob.digest());
    return Files.isRegularFile(p) && Files.size(p) == blob.size();
  }

  @Override
  public void putBlob(Descriptor blob, LayerEntry.Content content) throws IOException {
    Path target = blobPath(blob.digest());
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), ".partial-", "");
    try {
      try (InputStream in = content.open();
          OutputStream out = Files.newOutputStream(temp)) {
        MessageDigest sha = sha256();
        long n = new DigestInputStream(in, sha).transferTo(out);
        Digest got = Digest.ofSha256(sha.digest());
        if (n != blob.size() || !got.equals(blob.digest())) {
          throw new IOException(
              "blob " + blob.digest() + " read as " + n + " bytes of " + got + "; not stored");
        }
      }
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public void putManifest(BuiltImage image) throws IOException {
    Descriptor manifest = image.manifestDescriptor();
    byte[] bytes = image.manifestBytes();
    putBlob(manifest, () -> new ByteArrayInputStream(bytes));
    List<Descriptor> listed = new ArrayList<>();
    Path index = dir.resolve("index.json");
    if (Files.isRegularFile(index)) {
      ParsedManifest existing = ManifestCodec.parse(Files.readAllBytes(index), null);
      if (!(existing.document() instanceof ImageIndex known)) {
        throw new IOException(index + " is not an image index");
      }
      for (Descriptor d : known.manifests()) {
        boolean sameName = refName != null && refName.equals(d.annotations().get(REF_NAME));
        if (!sameName && !(refName == null && d.digest().equals(manifest.digest()))) {
          listed.add(d);
        }
      }
    }
    listed.add(refName == null ? manifest : manifest.withAnnotations(Map.of(REF_NAME, refName)));
    writeAtomically(dir.resolve("oci-layout"), LAYOUT.getBytes(UTF_8));
    writeAtomically(index, ManifestCodec.write(ImageIndex.of(listed)));
  }

  private Path blobPath(Digest digest) {
    return dir.resolve("blobs").resolve(Digest.ALGORITHM).resolve(digest.hex());
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".partial-", "");
    try {
      Files.write(temp, bytes);
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
