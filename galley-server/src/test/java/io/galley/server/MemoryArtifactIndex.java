package io.galley.server;

import io.galley.core.InvalidRequestException;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactIndex;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.artifact.FileInfo;
import io.galley.core.blob.Digest;
import io.galley.core.tracking.LifecycleStage;
import io.galley.core.tracking.TrackingStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A hand-written {@link ArtifactIndex} in memory, following the port's contract, for the server's
 * tests until the JDBC one is merged.
 */
final class MemoryArtifactIndex implements ArtifactIndex {
  private final TrackingStore tracking;
  private final Map<String, TreeMap<String, Artifact>> trees = new ConcurrentHashMap<>();

  MemoryArtifactIndex(TrackingStore tracking) {
    this.tracking = tracking;
  }

  @Override
  public synchronized void put(String runId, Artifact artifact) {
    if (tracking.getRun(runId).info().lifecycleStage() != LifecycleStage.ACTIVE) {
      throw new InvalidRequestException("run " + runId + " is deleted");
    }
    TreeMap<String, Artifact> tree = trees.computeIfAbsent(runId, k -> new TreeMap<>());
    String path = artifact.path().value();
    if (tree.keySet().stream()
        .anyMatch(p -> p.startsWith(path + "/") || path.startsWith(p + "/"))) {
      throw new InvalidRequestException("a file and a directory cannot share " + path);
    }
    tree.put(path, artifact);
  }

  @Override
  public synchronized Optional<Artifact> find(String runId, ArtifactPath path) {
    return Optional.ofNullable(trees.getOrDefault(runId, new TreeMap<>()).get(path.value()));
  }

  @Override
  public synchronized List<FileInfo> list(String runId, ArtifactPath dir) {
    Optional<Artifact> file = find(runId, dir);
    if (file.isPresent() && !dir.isRoot()) {
      return List.of(new FileInfo(dir.value(), false, file.get().size()));
    }
    Map<String, FileInfo> children = new TreeMap<>();
    for (Artifact a : walk(runId, dir)) {
      String rest =
          dir.isRoot() ? a.path().value() : a.path().value().substring(dir.value().length() + 1);
      int slash = rest.indexOf('/');
      String child = dir.resolve(slash < 0 ? rest : rest.substring(0, slash)).value();
      children.put(
          child,
          slash < 0 ? new FileInfo(child, false, a.size()) : new FileInfo(child, true, null));
    }
    return List.copyOf(children.values());
  }

  @Override
  public synchronized List<Artifact> walk(String runId, ArtifactPath path) {
    List<Artifact> out = new ArrayList<>();
    for (Artifact a : trees.getOrDefault(runId, new TreeMap<>()).values()) {
      if (a.path().startsWith(path)) {
        out.add(a);
      }
    }
    return out;
  }

  @Override
  public synchronized int delete(String runId, ArtifactPath path) {
    List<Artifact> gone = walk(runId, path);
    gone.forEach(a -> trees.get(runId).remove(a.path().value()));
    return gone.size();
  }

  @Override
  public synchronized void forEachReferencedDigest(Consumer<Digest> action) {
    trees.values().stream()
        .flatMap(t -> t.values().stream())
        .map(Artifact::digest)
        .distinct()
        .forEach(action);
  }
}
