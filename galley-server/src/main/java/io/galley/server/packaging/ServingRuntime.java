package io.galley.server.packaging;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The model server that goes into images: its main class, the jars it always needs, and those each
 * flavour adds. The distribution provides it; a server without one cannot build images.
 */
public record ServingRuntime(String mainClass, List<Path> core, Map<String, List<Path>> byFlavor) {
  public ServingRuntime {
    requireNonNull(mainClass, "mainClass");
    core = List.copyOf(core);
    Map<String, List<Path>> copy = new TreeMap<>();
    byFlavor.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    byFlavor = copy;
  }

  /** The jars for a model with these flavours; only the flavours this runtime serves add any. */
  public List<Path> jarsFor(List<String> flavors) {
    Set<Path> all = new LinkedHashSet<>(core);
    for (String f : flavors) {
      all.addAll(byFlavor.getOrDefault(f, List.of()));
    }
    return List.copyOf(all);
  }

  /** Whether any of the flavours is one this runtime serves. */
  public boolean servesAny(List<String> flavors) {
    return flavors.stream().anyMatch(byFlavor::containsKey);
  }
}
