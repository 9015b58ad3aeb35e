package io.galley.oci.layer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.blob.Digest;
import io.galley.oci.image.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class LayerWriterTest {
  private static final String LONG_DIR = "opt/" + "d".repeat(120);

  private static List<LayerEntry> entries() {
    return List.of(
        LayerEntry.bytes("opt/galley/lib/b.jar", 0644, "bbb".getBytes(UTF_8)),
        LayerEntry.bytes("opt/galley/bin/serve", 0755, "#!/bin/sh\n".getBytes(UTF_8)),
        LayerEntry.bytes("opt/galley/lib/a.jar", 0644, new byte[70_000]),
        LayerEntry.symlink("opt/galley/current", "lib"),
        LayerEntry.bytes(LONG_DIR + "/w\u00e9ights.bin", 0644, "w".getBytes(UTF_8)),
        LayerEntry.directory("model"));
  }

  private static byte[] write(LayerWriter writer, List<LayerEntry> entries, boolean gzip)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(entries, gzip ? LayerWriter.Compression.GZIP : LayerWriter.Compression.NONE, out);
    return out.toByteArray();
  }

  @Test
  void theSameEntriesInAnyOrderGiveTheSameBytesAndDigests() throws IOException {
    LayerWriter writer = new LayerWriter(LayerWriter.DEFAULT_MTIME);
    List<LayerEntry> reversed = new ArrayList<>(entries());
    Collections.reverse(reversed);
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    WrittenLayer first = writer.write(entries(), LayerWriter.Compression.GZIP, a);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    WrittenLayer second = writer.write(reversed, LayerWriter.Compression.GZIP, b);
    assertThat(b.toByteArray()).isEqualTo(a.toByteArray());
    assertThat(second).isEqualTo(first);

    byte[] stored = a.toByteArray();
    byte[] tar = new GZIPInputStream(new ByteArrayInputStream(stored)).readAllBytes();
    assertThat(first.descriptor().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_TAR_GZIP);
    assertThat(first.descriptor().digest()).isEqualTo(sha256(stored));
    assertThat(first.descriptor().size()).isEqualTo(stored.length);
    assertThat(first.diffId()).isEqualTo(sha256(tar));

    // Uncompressed, the stored bytes are the tar itself.
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    WrittenLayer raw = writer.write(entries(), LayerWriter.Compression.NONE, plain);
    assertThat(plain.toByteArray()).isEqualTo(tar);
    assertThat(raw.descriptor().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_TAR);
    assertThat(raw.descriptor().digest()).isEqualTo(raw.diffId()).isEqualTo(first.diffId());

    // Another date is another layer.
    assertThat(write(new LayerWriter(Instant.ofEpochSecond(1_700_000_000)), entries(), true))
        .isNotEqualTo(stored);
  }

  @Test
  void everyEntryIsSortedWithItsParentsOwnedByRootAndDatedByTheWriter() throws IOException {
    Instant date = Instant.ofEpochSecond(1_700_000_000);
    byte[] tar = write(new LayerWriter(date), entries(), false);
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
        assertThat(e.getModTime().toInstant()).as(e.getName()).isEqualTo(date);
        assertThat(e.getLongUserId()).isZero();
        assertThat(e.getLongGroupId()).isZero();
        assertThat(e.getUserName()).as(e.getName()).isEmpty();
        assertThat(e.getGroupName()).as(e.getName()).isEmpty();
        if (e.isDirectory()) {
          assertThat(e.getMode()).as(e.getName()).isEqualTo(040755);
        }
      }
    }
    assertThat(names)
        .containsExactly(
            "model/",
            "opt/",
            LONG_DIR + "/",
            LONG_DIR + "/w\u00e9ights.bin",
            "opt/galley/",
            "opt/galley/bin/",
            "opt/galley/bin/serve",
            "opt/galley/current",
            "opt/galley/lib/",
            "opt/galley/lib/a.jar",
            "opt/galley/lib/b.jar");
    TarArchiveEntry serve = entry(tar, "opt/galley/bin/serve");
    assertThat(serve.getMode()).isEqualTo(0100755);
    assertThat(entry(tar, "opt/galley/lib/a.jar").getMode()).isEqualTo(0100644);
    assertThat(entry(tar, "opt/galley/current").getLinkName()).isEqualTo("lib");
  }

  @Test
  void noHeaderBlockCarriesTheWritersUserNameOrClock() throws IOException {
    // Extended (PAX) headers for the long and non-ASCII names are entries of their own: they must
    // be as anonymous and as dated as the rest. Every 512-byte header's uname and gname are read.
    byte[] tar = write(new LayerWriter(LayerWriter.DEFAULT_MTIME), entries(), false);
    int headers = 0;
    for (int off = 0; off + 512 <= tar.length; ) {
      byte[] block = Arrays.copyOfRange(tar, off, off + 512);
      if (isZero(block)) {
        break;
      }
      headers++;
      String name = field(block, 0, 100);
      assertThat(field(block, 265, 32)).as("uname of %s", name).isEmpty();
      assertThat(field(block, 297, 32)).as("gname of %s", name).isEmpty();
      assertThat(Long.parseLong(field(block, 136, 12).trim(), 8)).as("mtime of %s", name).isOne();
      long size = Long.parseLong(field(block, 124, 12).trim(), 8);
      off += 512 + (int) ((size + 511) / 512) * 512;
    }
    assertThat(headers).isGreaterThan(11); // 11 entries and their PAX headers
  }

  @Test
  void theGzipHeaderHoldsNoNameNoTimeAndNoOperatingSystem() throws IOException {
    byte[] stored = write(new LayerWriter(LayerWriter.DEFAULT_MTIME), entries(), true);
    assertThat(Arrays.copyOf(stored, 10)).containsExactly(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
  }

  @Test
  void sourceDateEpochDatesTheLayer() {
    assertThat(LayerWriter.sourceDate(Map.of())).isEqualTo(Instant.ofEpochSecond(1));
    assertThat(LayerWriter.sourceDate(Map.of("SOURCE_DATE_EPOCH", "1700000000")))
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    assertThatThrownBy(() -> LayerWriter.sourceDate(Map.of("SOURCE_DATE_EPOCH", "yesterday")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SOURCE_DATE_EPOCH");
  }

  @Test
  void aFileWhoseSizeChangedFailsTheLayer() {
    LayerEntry grew =
        LayerEntry.file("model/w.bin", 0644, 3, () -> new ByteArrayInputStream(new byte[4]));
    LayerEntry shrank =
        LayerEntry.file("model/w.bin", 0644, 3, () -> new ByteArrayInputStream(new byte[2]));
    for (LayerEntry e : List.of(grew, shrank)) {
      assertThatThrownBy(() -> write(new LayerWriter(LayerWriter.DEFAULT_MTIME), List.of(e), true))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("model/w.bin changed");
    }
  }

  @Test
  void pathsThatAreNotPlainRelativeNamesAreRefused() {
    for (String bad :
        List.of("/etc/passwd", "../x", "a/../b", "a//b", "a/./b", "a/", "", "model/.wh.x")) {
      assertThatThrownBy(() -> LayerEntry.directory(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    LayerWriter w = new LayerWriter(LayerWriter.DEFAULT_MTIME);
    assertThatThrownBy(
            () -> write(w, List.of(LayerEntry.directory("a"), LayerEntry.symlink("a", "b")), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two entries");
    assertThatThrownBy(
            () ->
                write(
                    w,
                    List.of(
                        LayerEntry.bytes("a", 0644, new byte[1]),
                        LayerEntry.bytes("a/b", 0644, new byte[1])),
                    false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a/b is inside a");
  }

  private static TarArchiveEntry entry(byte[] tar, String name) throws IOException {
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals(name)) {
          return e;
        }
      }
    }
    throw new AssertionError("no entry " + name);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] block, int offset, int length) {
    int end = offset;
    while (end < offset + length && block[end] != 0) {
      end++;
    }
    return new String(block, offset, end - offset, UTF_8);
  }

  private static Digest sha256(byte[] bytes) {
    try {
      return Digest.ofSha256(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
