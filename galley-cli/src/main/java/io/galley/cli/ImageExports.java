package io.galley.cli;

import io.galley.oci.build.ImageSink;
import io.galley.oci.distribution.DockerCredentials;
import io.galley.oci.distribution.ImageCopy;
import io.galley.oci.distribution.RegistryCredential;
import io.galley.oci.distribution.RemoteImage;
import io.galley.oci.distribution.RemoteImageSink;
import io.galley.oci.distribution.RemoteRegistry;
import io.galley.oci.distribution.RemoteRepository;
import io.galley.oci.distribution.TransferEvent;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.Platform;
import io.galley.oci.layer.LayerWriter;
import io.galley.oci.layout.DockerArchiveSink;
import io.galley.oci.layout.DockerBuildContext;
import io.galley.oci.layout.OciLayoutSink;
import io.galley.oci.name.OciReference;
import io.galley.server.packaging.ModelImages;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Copies an image out of Galley's registry, read through its {@code /v2/} as any client reads it:
 * to another registry (signed in as Docker would be), to an OCI layout directory, or to an archive
 * that {@code docker load} and {@code podman load} read. Progress goes to {@code err} in the words
 * {@code docker push} uses.
 */
final class ImageExports {
  private final RemoteRegistry galley;
  private final RemoteRepository source;
  private final String digest;
  private final PrintWriter err;
  private final Set<String> pushing = new HashSet<>();
  private @Nullable RemoteImage image;

  ImageExports(RemoteRegistry galley, OciReference image, String digest, PrintWriter err) {
    this.galley = galley;
    this.source = galley.repository(image.repository());
    this.digest = digest;
    this.err = err;
  }

  /**
   * The registry {@code target} names, signed in as docker would be and its {@code /v2/} asked at
   * once: a push target before any build, or a {@code --from} base's registry.
   */
  static RemoteRegistry signedIn(OciReference target, boolean plainHttp) {
    RegistryCredential credential =
        DockerCredentials.fromEnvironment(System.getenv()).forRegistry(target.registry());
    RemoteRegistry registry = RemoteRegistry.connect(target.registry(), credential, plainHttp);
    registry.check();
    return registry;
  }

  void push(RemoteRegistry registry, OciReference target) {
    err.println(
        "The push refers to repository [" + registry.name() + "/" + target.repository() + "]");
    String tag = target.tag() == null ? digest : target.tag().toString();
    copy(new RemoteImageSink(registry.repository(target.repository()), tag), this::pushProgress);
    err.println(tag + ": digest: " + digest);
    err.flush();
  }

  void ociLayout(Path dir, String tag) {
    copy(new OciLayoutSink(dir, tag), e -> {});
    err.println("Wrote " + digest + " to the OCI layout " + dir + " as '" + tag + "'");
    err.flush();
  }

  /** Written beside {@code file} and renamed once complete: a failed export leaves no archive. */
  void archive(Path file, String repoTag) {
    Path dir = directoryOf(file);
    Path partial = dir.resolve("." + file.getFileName() + ".partial");
    try {
      try (OutputStream out = Files.newOutputStream(partial)) {
        copy(new DockerArchiveSink(out, List.of(repoTag), LayerWriter.DEFAULT_MTIME), e -> {});
      }
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // the archive itself was written or the error above says why not
      }
    }
    err.println("Wrote " + digest + " to " + file + " (docker load -i " + file + ")");
    err.flush();
  }

  /** The directory a file is (to be) written in; a file name alone is in the working one. */
  static Path directoryOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of("/") : parent;
  }

  /**
   * A Docker build context for the image: its own layers above the base unpacked, and a Dockerfile
   * {@code FROM} the base pinned by digest, read from Galley's registry for Galley's base or from
   * the registry a {@code --from} base came from.
   */
  void context(Path dir, String galleyHost, String comment) {
    RemoteImage image = image();
    Map<String, String> labels = image.config().config().labels();
    String baseName = labels.get("org.opencontainers.image.base.name");
    String baseDigest = labels.get("org.opencontainers.image.base.digest");
    if (baseName == null || baseDigest == null) {
      throw new CliFailureException(
          "the image names no base (org.opencontainers.image.base.digest): no Dockerfile can"
              + " start FROM it");
    }
    // Galley's own base is named by its repository in Galley's registry (galley/java:17); a
    // --from base by the full reference it was read from.
    OciReference base =
        OciReference.parse(
            baseName.startsWith(ModelImages.BASE_REPOSITORY + ":")
                ? galleyHost + "/" + baseName
                : baseName);
    RemoteRegistry registry = base.registry().equals(galleyHost) ? galley : signedIn(base, false);
    RemoteImage baseImage =
        RemoteImage.pull(
            registry.repository(base.repository()), baseDigest, Platform.of("linux", "amd64"));
    int baseLayers = baseImage.manifest().layers().size();
    List<Descriptor> all = image.manifest().layers();
    List<DockerBuildContext.Layer> own = new ArrayList<>();
    for (Descriptor layer : all.subList(Math.min(baseLayers, all.size()), all.size())) {
      own.add(new DockerBuildContext.Layer(layer, () -> source.openBlob(layer)));
    }
    String from = base.registry() + "/" + base.repository() + "@" + baseDigest;
    try {
      DockerBuildContext.write(dir, from, image.config().config(), own, comment);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the build context " + dir + ": " + e.getMessage(), e);
    }
    err.println("Wrote a build context to " + dir + " (docker build " + dir + ")");
    err.flush();
  }

  private void copy(ImageSink sink, Consumer<TransferEvent> events) {
    ImageCopy.copy(image(), sink, events);
  }

  /** The built image's manifest and config, read once for every output. */
  private RemoteImage image() {
    if (image == null) {
      image = RemoteImage.pull(source, digest, Platform.of("linux", "amd64"));
    }
    return image;
  }

  private void pushProgress(TransferEvent event) {
    if (event instanceof TransferEvent.BlobDone done) {
      err.println(
          shortDigest(done.blob())
              + ": "
              + (done.present() ? "Layer already exists" : "Pushed")
              + " ("
              + GcCommand.bytes(done.blob().size())
              + ")");
      err.flush();
    } else if (event instanceof TransferEvent.BlobProgress moving
        && pushing.add(moving.blob().digest().hex())) {
      err.println(
          shortDigest(moving.blob()) + ": Pushing " + GcCommand.bytes(moving.blob().size()));
      err.flush();
    }
  }

  private static String shortDigest(Descriptor blob) {
    return blob.digest().hex().substring(0, 12);
  }
}
