package io.galley.oci.image;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The execution parameters of an image config ({@code config.md}'s {@code config} object): what a
 * runtime turns into a container's process. Empty lists mean "not set".
 */
public record ContainerConfig(
    @Nullable String user,
    Set<String> exposedPorts,
    List<String> env,
    List<String> entrypoint,
    List<String> cmd,
    @Nullable String workingDir,
    Map<String, String> labels) {
  public static final ContainerConfig EMPTY =
      new ContainerConfig(null, Set.of(), List.of(), List.of(), List.of(), null, Map.of());

  public ContainerConfig {
    // Sorted so a written config, and so its digest, does not depend on insertion order.
    exposedPorts = Collections.unmodifiableSet(new TreeSet<>(exposedPorts));
    env = List.copyOf(env);
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    labels = Descriptor.copyOf(labels);
  }
}
