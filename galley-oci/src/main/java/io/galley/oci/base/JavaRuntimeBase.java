package io.galley.oci.base;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.galley.oci.build.NewLayer;
import io.galley.oci.image.ContainerConfig;
import io.galley.oci.layer.LayerEntry;
import io.galley.oci.layer.LayerWriter.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes the layers of a base image from the JDK this process runs on: {@code jlink} writes a
 * runtime with only {@link #MODULES} to {@code /opt/java}; the shared libraries it and ONNX Runtime
 * link against (found with {@code ldd}, with the symbolic links on their way, such as Debian's
 * {@code /lib -> usr/lib}) go in a system layer beside {@code /etc/passwd} and {@code /etc/group}
 * naming a non-root user {@link #USER} (65532, as distroless calls it {@code nonroot}), the CA
 * certificates, time-zone data and a {@code /tmp} anyone may write. The same JDK and system give
 * the same layers.
 */
public final class JavaRuntimeBase {
  /**
   * What {@code jdeps --print-module-deps --ignore-missing-deps} finds in the serving jars and
   * their dependencies (Tribuo and OLCUT reach for java.desktop's beans, java.rmi and
   * java.scripting), plus what is only found through services: elliptic-curve TLS and the zip file
   * system.
   */
  public static final List<String> MODULES =
      List.of(
          "java.base",
          "java.desktop",
          "java.instrument",
          "java.logging",
          "java.management",
          "java.naming",
          "java.net.http",
          "java.rmi",
          "java.scripting",
          "java.security.jgss",
          "java.sql",
          "jdk.crypto.ec",
          "jdk.management",
          "jdk.unsupported",
          "jdk.zipfs");

  public static final String JAVA_HOME = "/opt/java";
  public static final String USER = "65532:65532";

  /** ONNX Runtime's native library needs these besides what the JVM's own libraries do. */
  private static final List<String> EXTRA_LIBRARIES = List.of("libstdc++.so.6", "libgcc_s.so.1");

  /**
   * java.desktop's libraries for a screen, sound and fonts: a model server is headless, and they
   * would pull in X11, ALSA and FreeType. They are left out of the runtime.
   */
  private static final Set<String> NOT_HEADLESS =
      Set.of(
          "libawt_xawt.so",
          "libsplashscreen.so",
          "libjawt.so",
          "libjsound.so",
          "libfontmanager.so");

  private static final Pattern LDD_MISSING = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+not found\\s*$");
  private static final Pattern LDD_LINE =
      Pattern.compile("^\\s*(?:\\S+\\s+=>\\s+)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)\\s*$");

  private final Path javaHome;
  private final Path root;

  /**
   * @param javaHome the JDK to take the runtime from (it needs its {@code jmods})
   * @param root the file system the libraries and certificates come from ({@code /}, or a copy)
   */
  public JavaRuntimeBase(Path javaHome, Path root) {
    this.javaHome = requireNonNull(javaHome, "javaHome");
    this.root = requireNonNull(root, "root");
  }

  /** The JDK this process runs on, and this machine's files. */
  public static JavaRuntimeBase ofThisJvm() {
    return new JavaRuntimeBase(Path.of(System.getProperty("java.home")), Path.of("/"));
  }

  /** The Java feature version the base's runtime will have (17, 21...). */
  public static int featureVersion() {
    return Runtime.version().feature();
  }

  /** The container settings a base gives the images built on it. */
  public static ContainerConfig containerConfig() {
    return new ContainerConfig(
        USER,
        Set.of(),
        List.of(
            "PATH=" + JAVA_HOME + "/bin:/usr/local/bin:/usr/bin:/bin",
            "JAVA_HOME=" + JAVA_HOME,
            "LANG=C.UTF-8"),
        List.of(),
        List.of(JAVA_HOME + "/bin/java", "-version"),
        "/",
        Map.of());
  }

  /**
   * Runs jlink into {@code work} (emptied first) and returns the two layers: the system files, then
   * the runtime.
   *
   * @throws IOException when jlink fails (its output in the message), or a library is missing
   */
  public List<NewLayer> layers(Path work) throws IOException {
    if (!Files.isDirectory(javaHome.resolve("jmods"))) {
      throw new IOException(
          "the JDK at "
              + javaHome
              + " has no jmods directory, which jlink needs (on Debian: the openjdk-"
              + featureVersion()
              + "-jdk-headless package has it)");
    }
    deleteTree(work);
    Files.createDirectories(work);
    Path runtime = work.resolve("java");
    jlink(runtime);
    for (String library : NOT_HEADLESS) {
      Files.deleteIfExists(runtime.resolve("lib").resolve(library));
    }
    List<LayerEntry> java = new ArrayList<>();
    addTree(java, runtime, JAVA_HOME.substring(1));
    List<LayerEntry> system = new ArrayList<>(systemFiles());
    Map<String, LayerEntry> libraries = new TreeMap<>();
    for (Path library : sharedLibraries(runtime)) {
      addWithLinks(libraries, library);
    }
    system.addAll(libraries.values());
    return List.of(
        new NewLayer("galley base: system files and shared libraries", system, Compression.GZIP),
        new NewLayer(
            "galley base: Java "
                + Runtime.version()
                + " runtime (jlink "
                + String.join(",", MODULES)
                + ")",
            java,
            Compression.GZIP));
  }

  /**
   * jlink in a process of its own: run in-process (its ToolProvider), the first image a JVM writes
   * differs from the next in {@code lib/modules}, where a fresh jlink process writes the same bytes
   * every time.
   */
  private void jlink(Path output) throws IOException {
    Path jlink = javaHome.resolve("bin/jlink");
    if (!Files.isExecutable(jlink)) {
      throw new IOException(
          "the JDK at " + javaHome + " has no bin/jlink: a JDK is needed, not a JRE");
    }
    Process p =
        new ProcessBuilder(
                jlink.toString(),
                "--module-path",
                javaHome.resolve("jmods").toString(),
                "--add-modules",
                String.join(",", MODULES),
                "--strip-debug",
                "--no-man-pages",
                "--no-header-files",
                "--compress=2",
                "--output",
                output.toString())
            .redirectErrorStream(true)
            .start();
    String log = finish(p, "jlink");
    if (p.exitValue() != 0) {
      throw new IOException("jlink failed (" + p.exitValue() + "): " + log.strip());
    }
  }

  /** What the runtime's programs and libraries link against, as the system resolves them. */
  private List<Path> sharedLibraries(Path runtime) throws IOException {
    Set<Path> found = new TreeSet<>();
    List<Path> objects = new ArrayList<>();
    objects.add(runtime.resolve("bin/java"));
    try (Stream<Path> walk = Files.walk(runtime.resolve("lib"))) {
      walk.filter(p -> p.getFileName().toString().endsWith(".so")).sorted().forEach(objects::add);
    }
    Set<String> own = new TreeSet<>();
    objects.forEach(o -> own.add(o.getFileName().toString()));
    for (Path object : objects) {
      for (String line : ldd(object)) {
        Matcher m = LDD_LINE.matcher(line);
        Matcher missing = LDD_MISSING.matcher(line);
        if (m.matches() && !m.group(1).startsWith(runtime.toString())) {
          found.add(Path.of(m.group(1)));
        } else if (missing.matches() && !own.contains(missing.group(1))) {
          // libjvm.so is "not found" by ldd (it lives in lib/server, which the JVM loads itself).
          throw new IOException(
              object + " needs " + missing.group(1) + ", which this system lacks");
        }
      }
    }
    for (Path lib : List.copyOf(found)) {
      for (String extra : EXTRA_LIBRARIES) {
        Path sibling = lib.resolveSibling(extra);
        if (lib.getFileName().toString().startsWith("libc.so") && Files.exists(sibling)) {
          found.add(sibling);
        }
      }
    }
    return List.copyOf(found);
  }

  private static List<String> ldd(Path object) throws IOException {
    Process p = new ProcessBuilder("ldd", object.toString()).redirectErrorStream(true).start();
    return finish(p, "ldd " + object).lines().toList();
  }

  /** The process's output once it has ended (within two minutes, else it is killed). */
  private static String finish(Process p, String what) throws IOException {
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), UTF_8);
    }
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(what + " did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while " + what + " ran", e);
    }
    return out;
  }

  /**
   * Adds the file at {@code path} (absolute, as a program names it) and every symbolic link met on
   * the way to it, each at its own place in the image, so the same name resolves there too.
   */
  private void addWithLinks(Map<String, LayerEntry> into, Path path) throws IOException {
    Path current = Path.of("/");
    List<Path> names = new ArrayList<>();
    path.normalize().forEach(names::add);
    for (int i = 0; i < names.size(); i++) {
      Path next = current.resolve(names.get(i));
      Path onDisk = onDisk(next);
      if (Files.isSymbolicLink(onDisk)) {
        Path target = Files.readSymbolicLink(onDisk);
        into.putIfAbsent(imagePath(next), LayerEntry.symlink(imagePath(next), target.toString()));
        // A relative target is relative to the link's directory: where the walk stands now.
        Path resolved = (target.isAbsolute() ? target : current.resolve(target)).normalize();
        for (int j = i + 1; j < names.size(); j++) {
          resolved = resolved.resolve(names.get(j));
        }
        addWithLinks(into, resolved);
        return;
      }
      current = next;
    }
    if (!Files.isRegularFile(onDisk(current), LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(current + " is not a file");
    }
    into.putIfAbsent(
        imagePath(current),
        LayerEntry.file(
            imagePath(current),
            LayerEntry.EXECUTABLE_MODE,
            Files.size(onDisk(current)),
            source(onDisk(current))));
  }

  /** passwd, group, CA certificates, time zones, and a /tmp like any Linux has. */
  private List<LayerEntry> systemFiles() throws IOException {
    List<LayerEntry> files = new ArrayList<>();
    files.add(
        LayerEntry.bytes(
            "etc/passwd",
            LayerEntry.FILE_MODE,
            ("root:x:0:0:root:/root:/sbin/nologin\n"
                    + "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")
                .getBytes(UTF_8)));
    files.add(
        LayerEntry.bytes(
            "etc/group", LayerEntry.FILE_MODE, "root:x:0:\nnonroot:x:65532:\n".getBytes(UTF_8)));
    files.add(new LayerEntry("tmp", LayerEntry.Kind.DIRECTORY, 01777, 0, null, null));
    files.add(LayerEntry.directory("home/nonroot"));
    Path certs = onDisk(Path.of("/etc/ssl/certs/ca-certificates.crt"));
    if (Files.isRegularFile(certs)) {
      files.add(LayerEntry.file("etc/ssl/certs/ca-certificates.crt", certs.toRealPath(), false));
    }
    Path zoneinfo = onDisk(Path.of("/usr/share/zoneinfo"));
    if (Files.isDirectory(zoneinfo)) {
      List<LayerEntry> zones = new ArrayList<>();
      addTree(zones, zoneinfo, "usr/share/zoneinfo");
      // posix/ and right/ repeat the tree; Java itself reads its own lib/tzdb.dat.
      zones.removeIf(
          e ->
              e.path().startsWith("usr/share/zoneinfo/posix")
                  || e.path().startsWith("usr/share/zoneinfo/right"));
      files.addAll(zones);
    }
    return files;
  }

  /** Every file, directory and link under {@code dir}, at {@code prefix} in the image. */
  private static void addTree(List<LayerEntry> into, Path dir, String prefix) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(dir)) {
      all = walk.sorted(Comparator.naturalOrder()).toList();
    }
    for (Path p : all) {
      String rel = dir.relativize(p).toString();
      String at = rel.isEmpty() ? prefix : prefix + "/" + rel;
      if (Files.isSymbolicLink(p)) {
        into.add(LayerEntry.symlink(at, Files.readSymbolicLink(p).toString()));
      } else if (Files.isDirectory(p)) {
        into.add(LayerEntry.directory(at));
      } else if (Files.isRegularFile(p)) {
        boolean executable = Files.isExecutable(p);
        into.add(
            LayerEntry.file(
                at,
                executable ? LayerEntry.EXECUTABLE_MODE : LayerEntry.FILE_MODE,
                Files.size(p),
                source(p)));
      }
    }
  }

  private static LayerEntry.Content source(Path file) {
    return () -> Files.newInputStream(file);
  }

  private Path onDisk(Path absolute) {
    return root.resolve(Path.of("/").relativize(absolute));
  }

  private static String imagePath(Path absolute) {
    return Path.of("/").relativize(absolute).toString();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
