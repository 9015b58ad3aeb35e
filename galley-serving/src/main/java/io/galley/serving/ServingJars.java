package io.galley.serving;

import static java.util.Objects.requireNonNull;

import io.galley.serving.predict.PredictorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The jars a model server runs on, as the packaged distribution holds them: the jar of {@link
 * ServingMain} and, per flavour, the jar of its {@link PredictorFactory}, each with every jar its
 * manifest's {@code Class-Path} names, and theirs. What {@code galley build} copies into an image:
 * the server's own jars (store, H2, the AWS SDK) are not among them.
 *
 * @param core the model server's jars, whatever the flavour
 * @param byFlavor what each flavour adds to {@code core}
 */
public record ServingJars(List<Path> core, Map<String, List<Path>> byFlavor) {
  public static final String MAIN_CLASS = ServingMain.class.getName();

  public ServingJars {
    core = List.copyOf(core);
    byFlavor = Map.copyOf(new TreeMap<>(byFlavor));
  }

  /**
   * The jars of this process's model server and flavours.
   *
   * @throws IllegalStateException when they are not jars (classes run from a build's directories)
   */
  public static ServingJars ofThisProcess() {
    Set<Path> core = closure(jarOf(ServingMain.class));
    Map<String, List<Path>> flavors = new TreeMap<>();
    for (PredictorFactory f : ServiceLoader.load(PredictorFactory.class)) {
      Set<Path> jars = closure(jarOf(f.getClass()));
      jars.removeAll(core);
      flavors.put(f.flavor(), List.copyOf(jars));
    }
    return new ServingJars(List.copyOf(core), flavors);
  }

  private static Path jarOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    Path path;
    try {
      path = source == null ? null : Path.of(source.getLocation().toURI());
    } catch (URISyntaxException e) {
      path = null;
    }
    if (path == null || !Files.isRegularFile(path)) {
      throw new IllegalStateException(
          type.getName()
              + " is not loaded from a jar ("
              + path
              + "): the model server's jars are known only in the packaged distribution");
    }
    return path;
  }

  /** The jar and, breadth first, every jar the Class-Paths name (relative to the naming jar). */
  private static Set<Path> closure(Path jar) {
    Set<Path> seen = new LinkedHashSet<>();
    Deque<Path> todo = new ArrayDeque<>(List.of(jar.toAbsolutePath().normalize()));
    while (!todo.isEmpty()) {
      Path next = todo.removeFirst();
      if (!seen.add(next)) {
        continue;
      }
      for (String entry : classPath(next)) {
        Path dep = requireNonNull(next.getParent()).resolve(entry).normalize();
        if (!Files.isRegularFile(dep)) {
          dep = otherVersion(dep);
        }
        if (dep != null) {
          todo.addLast(dep);
        } else if (next.getFileName().toString().startsWith("galley-")) {
          // Galley's own jars sit beside what they name only in the distribution's lib/.
          throw new IllegalStateException(
              next.getFileName() + " names " + entry + ", which is not beside it");
        }
        // A library naming a jar it does not ship is passed over, as the JVM does.
      }
    }
    return seen;
  }

  private static final Pattern VERSIONED = Pattern.compile("(.+?)-(\\d[^-]*(?:-SNAPSHOT)?)\\.jar");

  /**
   * The distribution's version of a jar a manifest names at another version: Maven settles one
   * version for the whole distribution, which may not be the one a module was built against ({@code
   * annotations-13.0.jar} named, {@code annotations-26.1.0.jar} shipped).
   */
  private static @Nullable Path otherVersion(Path missing) {
    Matcher m = VERSIONED.matcher(missing.getFileName().toString());
    Path dir = missing.getParent();
    if (!m.matches() || dir == null || !Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> siblings = Files.list(dir)) {
      return siblings
          .filter(
              p -> {
                Matcher o = VERSIONED.matcher(p.getFileName().toString());
                return o.matches() && o.group(1).equals(m.group(1));
              })
          .sorted()
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static List<String> classPath(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest m = file.getManifest();
      @Nullable String cp =
          m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      return cp == null || cp.isBlank() ? List.of() : List.of(cp.trim().split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }
}
