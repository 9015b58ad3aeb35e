package io.galley.sdk.internal;

import io.galley.client.GalleyClient;
import io.galley.core.InvalidRequestException;
import io.galley.core.artifact.ArtifactPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Uploads to a run's artifact tree through the server's artifact proxy, as MLflow's client does for
 * an {@code artifact_uri} of the form {@code mlflow-artifacts:/<experiment>/<run>/artifacts}
 * (Galley's, and MLflow's with {@code --serve-artifacts}): one streamed PUT per file.
 */
public final class Artifacts {
  private static final Pattern PROXIED = Pattern.compile("mlflow-artifacts:(?://[^/]*)?/+(.*)");

  private final GalleyClient api;
  private final String root; // <experiment>/<run>/artifacts, no slashes around it

  public Artifacts(GalleyClient api, String artifactUri) {
    this.api = api;
    Matcher m = PROXIED.matcher(artifactUri);
    if (!m.matches()) {
      throw new InvalidRequestException(
          "This run's artifacts live at '"
              + artifactUri
              + "', which the SDK cannot write to: it uploads through the tracking server's"
              + " artifact proxy (artifact_uri mlflow-artifacts:/...). Start MLflow with"
              + " --serve-artifacts, or use a Galley server.");
    }
    this.root = m.group(1).replaceAll("/+$", "");
  }

  /** Whether uploads to {@code artifactUri} go through the tracking server's artifact proxy. */
  public static boolean supports(String artifactUri) {
    return PROXIED.matcher(artifactUri).matches();
  }

  /**
   * Uploads a file to {@code dir/<file name>}, or a directory's files to {@code dir/<dir name>/...}
   * (sorted, so that uploads happen in a stable order). {@code dir} may be empty.
   */
  public List<String> upload(Path source, String dir) {
    ArtifactPath base = ArtifactPath.parse(dir);
    Path name = source.toAbsolutePath().normalize().getFileName();
    if (name == null) {
      throw new IllegalArgumentException("Cannot upload the file system root " + source);
    }
    ArtifactPath target = base.resolve(name.toString());
    if (Files.isRegularFile(source)) {
      put(source, target);
      return List.of(target.value());
    }
    if (!Files.isDirectory(source)) {
      throw new UncheckedIOException(
          new IOException("No such file or directory: " + source.toAbsolutePath()));
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(source)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + source, e);
    }
    return putAll(source, files, target);
  }

  /**
   * Uploads {@code files}, each under {@code root}, in the given order, to {@code target} plus the
   * file's path relative to {@code root}; returns the artifact paths.
   */
  public List<String> putAll(Path root, List<Path> files, ArtifactPath target) {
    return files.stream()
        .map(
            f -> {
              ArtifactPath p = target;
              for (Path part : root.relativize(f)) {
                p = p.resolve(part.toString());
              }
              put(f, p);
              return p.value();
            })
        .toList();
  }

  /** Uploads one file to exactly {@code path}. */
  public void put(Path file, ArtifactPath path) {
    if (path.isRoot()) {
      throw new IllegalArgumentException("an artifact needs a file name");
    }
    api.putArtifact(encode(root + "/" + path.value()), file);
  }

  /** Uploads {@code bytes} as the file {@code path}. */
  public void put(byte[] bytes, ArtifactPath path) {
    if (path.isRoot()) {
      throw new IllegalArgumentException("an artifact needs a file name");
    }
    api.putArtifact(encode(root + "/" + path.value()), bytes);
  }

  /** Percent-encodes what a URI path cannot hold (space, ?, #, %, non-ASCII); keeps slashes. */
  static String encode(String path) {
    try {
      return new URI(null, null, path, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new InvalidRequestException("Invalid artifact path '" + path + "': " + e.getMessage());
    }
  }
}
