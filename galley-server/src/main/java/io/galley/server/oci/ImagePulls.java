package io.galley.server.oci;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.distribution.ImageCopy;
import io.galley.oci.distribution.RegistryCredential;
import io.galley.oci.distribution.RegistryException;
import io.galley.oci.distribution.RemoteImage;
import io.galley.oci.distribution.RemoteRegistry;
import io.galley.oci.distribution.RemoteRepository;
import io.galley.oci.distribution.TransferEvent;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.ImageIndex;
import io.galley.oci.image.ImageManifest;
import io.galley.oci.image.ParsedManifest;
import io.galley.oci.image.Platform;
import io.galley.oci.name.OciReference;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.registry.ImageRegistry;
import io.galley.oci.registry.RegistryImageSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code galley pull}: copies an image from any registry into Galley's own, where built images live
 * too, so a layer is stored once whichever way it came. A pulled image lands in the repository
 * named by its registry and path ({@code docker.io/library/busybox}; a port's colon becomes a dash,
 * {@code 127.0.0.1-5000/team/app}, as a colon cannot be in a repository name), under the tag it was
 * pulled by. An index keeps every platform unless one is asked for; then that platform's manifest
 * alone goes under the tag, as {@code docker pull --platform} stores it.
 *
 * <p>Blobs go first and are digest-checked as they stream; the manifests go after every blob they
 * name, the index last. A pull cut short leaves only whole blobs behind, and the next pull of the
 * same image skips them: it resumes where the last one stopped, blob by blob.
 */
public final class ImagePulls {
  private final ImageRegistry registry;
  private final Function<String, RegistryCredential> credentials;

  /** {@code credentials}: how this server signs in to a registry, by its host. */
  public ImagePulls(ImageRegistry registry, Function<String, RegistryCredential> credentials) {
    this.registry = requireNonNull(registry, "registry");
    this.credentials = requireNonNull(credentials, "credentials");
  }

  /** Where an image pulled from {@code source} lives in Galley's registry. */
  public static RepositoryName localRepository(OciReference source) {
    String host = source.registry().toLowerCase(Locale.ROOT).replace(':', '-');
    String name = host + "/" + source.repository();
    if (!RepositoryName.isValid(name)) {
      throw new InvalidRequestException(
          "the registry name '" + source.registry() + "' cannot name a repository here");
    }
    return RepositoryName.of(name);
  }

  /**
   * What a pull is about to copy: the manifest the reference names, read before any blob moves, so
   * that a bad reference, an unknown tag or a refusal is the caller's error before the answer
   * starts.
   */
  public final class Pull {
    private final OciReference source;
    private final RepositoryName repository;
    private final RemoteRepository remote;
    private final ParsedManifest top;
    private final @Nullable Platform platform;

    private Pull(
        OciReference source,
        RepositoryName repository,
        RemoteRepository remote,
        ParsedManifest top,
        @Nullable Platform platform) {
      this.source = source;
      this.repository = repository;
      this.remote = remote;
      this.top = top;
      this.platform = platform;
    }

    public OciReference source() {
      return source;
    }

    public RepositoryName repository() {
      return repository;
    }

    /** Copies the blobs, then the manifests; what it reports goes to {@code events}. */
    public Pulled run(Consumer<TransferEvent> events) {
      String reference = localReference();
      if (!(top.document() instanceof ImageIndex index) || platform != null) {
        // An image's manifest was read in start; an index narrowed to one platform is resolved.
        RemoteImage image =
            top.document() instanceof ImageIndex
                ? RemoteImage.pull(remote, source.manifestReference(), requireNonNull(platform))
                : RemoteImage.of(remote, top, source.manifestReference());
        if (platform != null && !matches(image, platform)) {
          // docker refuses too, rather than storing another platform under the tag
          throw new InvalidRequestException(
              "image with reference "
                  + source
                  + " was found but does not match the specified platform: wanted "
                  + platform
                  + ", actual: "
                  + platformOf(image));
        }
        BuiltImage copied =
            ImageCopy.copy(
                image, new RegistryImageSink(registry, repository, reference, List.of()), events);
        Descriptor d = copied.manifestDescriptor();
        return new Pulled(this, d.digest().toString(), size(copied), List.of(platformOf(image)));
      }
      long size = 0;
      List<String> platforms = new ArrayList<>();
      for (Descriptor child : index.manifests()) {
        RemoteImage image = childImage(child);
        String digest = child.digest().toString();
        BuiltImage copied =
            ImageCopy.copy(
                image, new RegistryImageSink(registry, repository, digest, List.of()), events);
        size += size(copied);
        platforms.add(child.platform() == null ? platformOf(image) : child.platform().toString());
      }
      registry.putManifest(repository, reference, top.bytes(), top.mediaType());
      events.accept(
          new TransferEvent.ManifestDone(Descriptor.of(top.mediaType(), top.digest(), top.size())));
      return new Pulled(this, top.digest().toString(), size, platforms);
    }

    private RemoteImage childImage(Descriptor child) {
      // By digest: the index's entry is an image manifest (checked in start), no platform to pick.
      return RemoteImage.pull(remote, child.digest().toString(), Platform.of("linux", "amd64"));
    }

    /** The tag it was pulled by, else its digest. */
    private String localReference() {
      return source.tag() != null ? source.tag().toString() : top.digest().toString();
    }
  }

  /** What a pull stored: the manifest (or index) digest, the bytes of its blobs, its platforms. */
  public record Pulled(Pull pull, String digest, long size, List<String> platforms) {}

  /** Parses {@code reference} as Docker does, in Docker's words when it is not one. */
  public static OciReference parse(String reference) {
    try {
      return OciReference.parse(reference);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(
          "invalid reference format: '" + reference + "': " + e.getMessage());
    }
  }

  /**
   * Reads the manifest {@code source} names from its registry. {@code platform} (as {@code
   * os/arch[/variant]}) narrows an index to one image; null keeps every platform.
   *
   * @throws InvalidRequestException for a registry that refuses or cannot be reached
   * @throws NotFoundException when the registry has no such image
   */
  public Pull start(OciReference source, @Nullable String platform) {
    Platform wanted = platform == null ? null : parsePlatform(platform);
    RepositoryName repository = localRepository(source);
    try {
      RemoteRegistry remoteRegistry =
          RemoteRegistry.connect(source.registry(), credentials.apply(source.registry()), false);
      RemoteRepository remote = remoteRegistry.repository(source.repository());
      ParsedManifest top = remote.pullManifest(source.manifestReference());
      if (top.document() instanceof ImageIndex index) {
        for (Descriptor child : index.manifests()) {
          if (child.mediaType().contains("index") || child.mediaType().contains("list")) {
            throw new InvalidRequestException(
                source + " is an index of indexes, which Galley does not pull");
          }
        }
      } else if (!(top.document() instanceof ImageManifest)) {
        throw new InvalidRequestException(source + " is neither an image nor an index");
      }
      return new Pull(source, repository, remote, top, wanted);
    } catch (RegistryException e) {
      if (e.status() == 404) {
        throw new NotFoundException(String.valueOf(e.getMessage()));
      }
      throw new InvalidRequestException(String.valueOf(e.getMessage()));
    }
  }

  private static Platform parsePlatform(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || List.of(parts).contains("")) {
      throw new InvalidRequestException(
          "'" + text + "' is not a platform: os/arch[/variant], e.g. linux/amd64 or linux/arm/v7");
    }
    Platform p = Platform.of(parts[0], parts[1]);
    return parts.length == 3
        ? new Platform(p.architecture(), p.os(), null, List.of(), parts[2])
        : p;
  }

  private static boolean matches(RemoteImage image, Platform wanted) {
    return image.config().os().equals(wanted.os())
        && image.config().architecture().equals(wanted.architecture())
        && (wanted.variant() == null || wanted.variant().equals(image.config().variant()));
  }

  private static String platformOf(RemoteImage image) {
    return image.config().os() + "/" + image.config().architecture();
  }

  private static long size(BuiltImage image) {
    return image.manifest().config().size()
        + image.layers().stream().mapToLong(Descriptor::size).sum();
  }
}
