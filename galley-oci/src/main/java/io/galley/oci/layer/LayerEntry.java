package io.galley.oci.layer;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * One file, directory or symbolic link of a layer, at a relative path with {@code /} between names
 * ({@code opt/galley/lib/x.jar}). Owner, group and time are not properties of an entry: every entry
 * of a reproducible layer is owned by 0:0 and dated by the writer.
 */
public record LayerEntry(
    String path, Kind kind, int mode, long size, @Nullable Content content, @Nullable String link) {

  public enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK
  }

  /** A file's bytes, opened when the layer is written (so a layer never holds them in memory). */
  @FunctionalInterface
  public interface Content {
    InputStream open() throws IOException;
  }

  public static final int FILE_MODE = 0644;
  public static final int EXECUTABLE_MODE = 0755;
  public static final int DIRECTORY_MODE = 0755;

  public LayerEntry {
    requireNonNull(path, "path");
    requireNonNull(kind, "kind");
    checkPath(path);
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException(
          "a mode is at most 07777, got 0" + Integer.toOctalString(mode));
    }
    if (kind == Kind.FILE && (content == null || size < 0)) {
      throw new IllegalArgumentException(path + ": a file needs its content and size");
    }
    if (kind == Kind.SYMLINK && (link == null || link.isEmpty() || link.indexOf('\0') >= 0)) {
      throw new IllegalArgumentException(path + ": a symbolic link needs a target");
    }
    if (kind != Kind.FILE) {
      size = 0;
      content = null;
    }
    if (kind != Kind.SYMLINK) {
      link = null;
    }
  }

  public static LayerEntry file(String path, int mode, long size, Content content) {
    return new LayerEntry(path, Kind.FILE, mode, size, content, null);
  }

  /** A file on disk, mode 0644, or 0755 when {@code executable}. */
  public static LayerEntry file(String path, Path source, boolean executable) throws IOException {
    return file(
        path,
        executable ? EXECUTABLE_MODE : FILE_MODE,
        Files.size(source),
        () -> Files.newInputStream(source));
  }

  public static LayerEntry bytes(String path, int mode, byte[] bytes) {
    byte[] copy = bytes.clone();
    return file(path, mode, copy.length, () -> new ByteArrayInputStream(copy));
  }

  public static LayerEntry directory(String path) {
    return new LayerEntry(path, Kind.DIRECTORY, DIRECTORY_MODE, 0, null, null);
  }

  public static LayerEntry symlink(String path, String target) {
    return new LayerEntry(path, Kind.SYMLINK, 0777, 0, null, target);
  }

  /**
   * Relative, normalised, no {@code .} or {@code ..}, no empty names, no NUL: what a runtime
   * unpacks where it says, and what sorts the same everywhere.
   */
  private static void checkPath(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a relative layer path: '" + path + "'");
    }
    for (String name : path.split("/", -1)) {
      if (name.isEmpty() || name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException("not a normalised layer path: '" + path + "'");
      }
      if (name.startsWith(".wh.")) {
        // A runtime would read it as a whiteout and delete what lower layers hold.
        throw new IllegalArgumentException("a layer path may not name a whiteout: '" + path + "'");
      }
    }
  }
}
