package io.galley.oci.layout;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.oci.image.ContainerConfig;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.MediaTypes;
import io.galley.oci.layer.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Writes a Docker build context that {@code docker build DIR} turns into an image with the same
 * files, entrypoint, environment and labels as one Galley built: the image's own layers above its
 * base unpacked under {@code rootfs/}, and a {@code Dockerfile} that starts {@code FROM} the base
 * pinned by digest and copies them in one step. Only regular files and directories are unpacked; an
 * entry that would land outside {@code rootfs/} is refused.
 */
public final class DockerBuildContext {
  public static final String ROOTFS = "rootfs";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One layer to unpack: its descriptor (for the media type) and its bytes. */
  public record Layer(Descriptor descriptor, LayerEntry.Content content) {}

  private DockerBuildContext() {}

  /**
   * @param dir the context directory; created, and must be empty if it exists
   * @param from the base, pinned by digest ({@code host:port/galley/java@sha256:...})
   * @param config the image's container config
   * @param layers the image's layers above the base, in stack order
   * @param comment a line for the Dockerfile's head (what the context was made from)
   */
  public static void write(
      Path dir, String from, ContainerConfig config, List<Layer> layers, String comment)
      throws IOException {
    requireNonNull(from, "from");
    if (Files.exists(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(
              dir + " is not empty: a build context is written into a new directory");
        }
      }
    }
    Path root = Files.createDirectories(dir.resolve(ROOTFS));
    for (Layer layer : layers) {
      unpack(root, layer);
    }
    Files.writeString(dir.resolve("Dockerfile"), dockerfile(from, config, comment), UTF_8);
  }

  static String dockerfile(String from, ContainerConfig config, String comment) throws IOException {
    StringBuilder d = new StringBuilder();
    d.append("# ").append(comment.replace('\n', ' ')).append('\n');
    d.append("# docker build . gives the image Galley built, files and settings alike.\n");
    d.append("FROM ").append(from).append('\n');
    d.append("COPY ").append(ROOTFS).append("/ /\n");
    for (String env : config.env()) {
      int eq = env.indexOf('=');
      if (eq > 0) {
        d.append("ENV ").append(env, 0, eq).append('=').append(quoted(env.substring(eq + 1)));
        d.append('\n');
      }
    }
    for (Map.Entry<String, String> label : new java.util.TreeMap<>(config.labels()).entrySet()) {
      d.append("LABEL ")
          .append(quoted(label.getKey()))
          .append('=')
          .append(quoted(label.getValue()));
      d.append('\n');
    }
    for (String port : new TreeSet<>(config.exposedPorts())) {
      d.append("EXPOSE ").append(port).append('\n');
    }
    if (config.workingDir() != null && !config.workingDir().isEmpty()) {
      d.append("WORKDIR ").append(config.workingDir()).append('\n');
    }
    if (config.user() != null && !config.user().isEmpty()) {
      d.append("USER ").append(config.user()).append('\n');
    }
    if (!config.entrypoint().isEmpty()) {
      d.append("ENTRYPOINT ").append(JSON.writeValueAsString(config.entrypoint())).append('\n');
    }
    if (!config.cmd().isEmpty()) {
      d.append("CMD ").append(JSON.writeValueAsString(config.cmd())).append('\n');
    }
    return d.toString();
  }

  /** A Dockerfile double-quoted word: backslash, quote and {@code $} escaped. */
  static String quoted(String value) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '\\' || c == '"' || c == '$') {
        q.append('\\');
      }
      if (c == '\n') {
        q.append("\\n");
        continue;
      }
      q.append(c);
    }
    return q.append('"').toString();
  }

  private static void unpack(Path root, Layer layer) throws IOException {
    String type = MediaTypes.withoutParameters(layer.descriptor().mediaType());
    try (InputStream raw = layer.content().open();
        InputStream plain = type.endsWith("+gzip") ? new GZIPInputStream(raw) : raw;
        TarArchiveInputStream tar = new TarArchiveInputStream(plain)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root) || e.getName().startsWith("/")) {
          throw new IOException("layer entry '" + e.getName() + "' would land outside the context");
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isFile()) {
          Path parent = target.getParent();
          if (parent != null) {
            Files.createDirectories(parent);
          }
          if (Files.isSymbolicLink(target)
              || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("layer entry '" + e.getName() + "' replaces a link or directory");
          }
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(target, permissions(e.getMode()));
        } else {
          throw new IOException(
              "layer entry '"
                  + e.getName()
                  + "' is neither a file nor a directory; Galley's"
                  + " layers hold only those");
        }
      }
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    List<PosixFilePermission> all = new ArrayList<>();
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        all.add(order[bit]);
      }
    }
    return all.isEmpty() ? EnumSet.noneOf(PosixFilePermission.class) : EnumSet.copyOf(all);
  }
}
