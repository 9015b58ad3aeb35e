package io.galley.serving.fetch;

import static java.util.Objects.requireNonNull;

import io.galley.client.GalleyClient;
import io.galley.client.mlflow.FileInfoJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Copies a run's model directory ({@code runs:/RUN_ID/PATH}) from the tracking server into a local
 * directory, file by file; the client checks each file against the digest the server gives.
 * Progress goes to a {@link Listener}: the fetcher prints nothing.
 */
public final class ModelFetcher {
  /** Hears of each file as it arrives. */
  public interface Listener {
    void fetched(String path, long bytes);
  }

  /** What was fetched: where, how many files, how many bytes. */
  public record Fetched(Path directory, int files, long bytes) {}

  private final GalleyClient client;

  public ModelFetcher(GalleyClient client) {
    this.client = requireNonNull(client, "client");
  }

  /**
   * Fetches every file under {@code path} of run {@code runId} into {@code into} (an empty or new
   * directory), keeping their layout below {@code path}.
   *
   * @throws IllegalArgumentException when the run has no files under {@code path}, or the server
   *     lists a path outside it
   */
  public Fetched fetch(String runId, String path, Path into, Listener listener) {
    String root = trim(path);
    Deque<String> dirs = new ArrayDeque<>();
    dirs.add(root);
    int files = 0;
    long bytes = 0;
    Path base = into.toAbsolutePath().normalize();
    while (!dirs.isEmpty()) {
      String dir = dirs.pop();
      for (FileInfoJson f : client.listArtifacts(runId, dir).files()) {
        String p = trim(f.path());
        if (!(p.startsWith(root + "/") || root.isEmpty()) || p.contains("..")) {
          throw new IllegalArgumentException(
              "the server listed " + p + " under " + root + ": not a file of that directory");
        }
        if (f.isDir()) {
          dirs.add(p);
          continue;
        }
        Path dest = base.resolve(root.isEmpty() ? p : p.substring(root.length() + 1)).normalize();
        if (!dest.startsWith(base)) {
          throw new IllegalArgumentException("the server listed a path outside " + root);
        }
        client.downloadArtifact(runId, p, dest);
        long size = f.fileSize() == null ? 0 : f.fileSize();
        files++;
        bytes += size;
        listener.fetched(p, size);
      }
    }
    if (files == 0 || !Files.isRegularFile(base.resolve("MLmodel"))) {
      throw new IllegalArgumentException(
          "run " + runId + " has no MLflow model at '" + root + "' (no MLmodel file there)");
    }
    return new Fetched(base, files, bytes);
  }

  private static String trim(String p) {
    String s = p;
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
