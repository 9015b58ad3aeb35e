package io.galley.sdk.capture;

import static java.util.Objects.requireNonNull;

import io.galley.core.environment.Library;
import io.galley.core.environment.MavenCoordinates;
import io.galley.sdk.internal.Sha256;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * The class path as libraries: each jar's Maven coordinates (from its {@code
 * META-INF/maven/<group>/<artifact>/pom.properties}) and sha256. Jars named by a jar's {@code
 * Class-Path} manifest attribute count too, as the JVM loads them ({@code java -jar app.jar} with a
 * {@code lib/} folder, Surefire's booter jar). Hashing a big class path takes a while, so each jar
 * is inspected once per JVM and remembered by path, size and modification time.
 */
final class ClassPathScanner {
  private record Inspected(long size, FileTime modified, Library library) {}

  private static final ConcurrentHashMap<Path, Inspected> CACHE = new ConcurrentHashMap<>();
  private static final String MAVEN_DIR = "META-INF/maven/";

  private ClassPathScanner() {}

  /** The entries of {@code java.class.path}-style {@code classPath}, relative to {@code cwd}. */
  static List<Library> scan(String classPath, Path cwd, boolean hash, List<String> notes) {
    Set<Path> seen = new LinkedHashSet<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        expand(cwd.resolve(entry).toAbsolutePath().normalize(), seen);
      }
    }
    List<Library> out = new ArrayList<>();
    for (Path p : seen) {
      if (Files.isDirectory(p)) {
        out.add(new Library(p.toString(), name(p), true, 0, null, null, List.of()));
      } else if (Files.isRegularFile(p)) {
        try {
          out.add(inspect(p, hash));
        } catch (IOException | RuntimeException e) {
          notes.add("library: cannot read " + p + ": " + e.getMessage());
        }
      }
    }
    return out;
  }

  /** Adds {@code p}, then the jars its manifest's Class-Path names, depth first. */
  private static void expand(Path p, Set<Path> seen) {
    if (!seen.add(p) || !Files.isRegularFile(p)) {
      return;
    }
    for (Path dep : manifestClassPath(p)) {
      expand(dep, seen);
    }
  }

  private static List<Path> manifestClassPath(Path jar) {
    List<Path> out = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry("META-INF/MANIFEST.MF");
      if (entry == null) {
        return out;
      }
      String cp;
      try (InputStream in = zip.getInputStream(entry)) {
        cp = new Manifest(in).getMainAttributes().getValue("Class-Path");
      }
      if (cp == null) {
        return out;
      }
      URI dir = requireNonNull(jar.toAbsolutePath().getParent(), "a jar's directory").toUri();
      for (String ref : cp.trim().split("\\s+")) {
        try {
          URI resolved = dir.resolve(ref);
          if ("file".equals(resolved.getScheme())) {
            out.add(Path.of(resolved).normalize());
          }
        } catch (RuntimeException e) {
          // a malformed entry: the JVM skips it too
        }
      }
    } catch (IOException e) {
      // not a zip: listed as a file, without manifest
    }
    return out;
  }

  private static Library inspect(Path jar, boolean hash) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(jar, BasicFileAttributes.class);
    Inspected known = CACHE.get(jar);
    if (known == null
        || known.size() != attrs.size()
        || !known.modified().equals(attrs.lastModifiedTime())) {
      known = new Inspected(attrs.size(), attrs.lastModifiedTime(), coordinates(jar, attrs));
    }
    Library lib = known.library();
    if (hash && lib.sha256() == null) {
      lib =
          new Library(
              lib.path(),
              lib.fileName(),
              false,
              lib.sizeBytes(),
              Sha256.of(jar).hex(),
              lib.maven(),
              lib.embedded());
      known = new Inspected(known.size(), known.modified(), lib);
    }
    CACHE.put(jar, known);
    return hash ? lib : lib.withoutHash();
  }

  private static Library coordinates(Path jar, BasicFileAttributes attrs) {
    List<MavenCoordinates> found = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        String n = e.getName();
        if (n.startsWith(MAVEN_DIR) && n.endsWith("/pom.properties")) {
          Properties props = new Properties();
          try (InputStream in = zip.getInputStream(e)) {
            props.load(in);
          }
          String g = props.getProperty("groupId");
          String a = props.getProperty("artifactId");
          String v = props.getProperty("version");
          if (g != null && a != null && v != null) {
            found.add(new MavenCoordinates(g.trim(), a.trim(), v.trim()));
          }
        }
      }
    } catch (IOException e) {
      // not a zip (a native library, a text file): no coordinates
    }
    found.sort(Comparator.comparing(MavenCoordinates::toString));
    String fileName = name(jar);
    MavenCoordinates own = own(fileName, found);
    List<MavenCoordinates> embedded = new ArrayList<>(found);
    embedded.remove(own);
    return new Library(
        jar.toString(), fileName, false, attrs.size(), null, own, List.copyOf(embedded));
  }

  /** The jar's own coordinates: the artifactId its file name starts with (longest), else sole. */
  private static @Nullable MavenCoordinates own(String fileName, List<MavenCoordinates> found) {
    MavenCoordinates best = null;
    for (MavenCoordinates c : found) {
      if (fileName.startsWith(c.artifactId() + "-") || fileName.startsWith(c.artifactId() + ".")) {
        if (best == null || c.artifactId().length() > best.artifactId().length()) {
          best = c;
        }
      }
    }
    if (best == null && found.size() == 1) {
      best = found.get(0);
    }
    return best;
  }

  private static String name(Path p) {
    Path n = p.getFileName();
    return n == null ? p.toString() : n.toString();
  }
}
