package io.galley.oci.distribution;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.oci.build.BaseImage;
import io.galley.oci.build.BlobSource;
import io.galley.oci.build.BuiltImage;
import io.galley.oci.image.Descriptor;
import io.galley.oci.image.ImageConfig;
import io.galley.oci.image.ImageConfigCodec;
import io.galley.oci.image.ImageIndex;
import io.galley.oci.image.ImageManifest;
import io.galley.oci.image.ParsedManifest;
import io.galley.oci.image.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One image in a remote repository: its manifest (an index resolved to the entry for the platform
 * asked for) and its config, read; its layers left where they are until a copy or a build opens
 * them.
 */
public final class RemoteImage {
  private static final int MAX_CONFIG_BYTES = 8 * 1024 * 1024;

  private final RemoteRepository repository;
  private final ParsedManifest manifest;
  private final ImageManifest image;
  private final ImageConfig config;
  private final byte[] configBytes;

  private RemoteImage(
      RemoteRepository repository,
      ParsedManifest manifest,
      ImageManifest image,
      ImageConfig config,
      byte[] configBytes) {
    this.repository = repository;
    this.manifest = manifest;
    this.image = image;
    this.config = config;
    this.configBytes = configBytes;
  }

  /** The image {@code reference} (tag or digest) names, for {@code platform} if it is an index. */
  public static RemoteImage pull(RemoteRepository repository, String reference, Platform platform) {
    requireNonNull(platform, "platform");
    ParsedManifest parsed = repository.pullManifest(reference);
    if (parsed.document() instanceof ImageIndex index) {
      Descriptor chosen =
          index.manifests().stream()
              .filter(d -> matches(d.platform(), platform))
              .findFirst()
              .orElseThrow(
                  () ->
                      new RegistryException(
                          404,
                          "MANIFEST_UNKNOWN",
                          "no matching manifest for "
                              + platform
                              + " in the manifest list entries"
                              + " of "
                              + repository
                              + ":"
                              + reference
                              + " (it has "
                              + index.manifests().stream()
                                  .map(d -> String.valueOf(d.platform()))
                                  .collect(Collectors.joining(", "))
                              + ")"));
      parsed = repository.pullManifest(chosen.digest().toString());
    }
    return of(repository, parsed, reference);
  }

  /**
   * The image whose manifest was already read from {@code repository} (by {@code reference}, named
   * in errors): only its config is fetched.
   */
  public static RemoteImage of(
      RemoteRepository repository, ParsedManifest parsed, String reference) {
    if (!(parsed.document() instanceof ImageManifest m)) {
      throw new RegistryException(
          400, null, repository + ":" + reference + " is not an image manifest");
    }
    byte[] configBytes = readConfig(repository, m.config());
    ImageConfig config;
    try {
      config = ImageConfigCodec.parse(configBytes);
    } catch (InvalidRequestException e) {
      throw new RegistryException(
          502,
          null,
          "the config of " + repository + ":" + reference + " is not valid: " + e.getMessage());
    }
    return new RemoteImage(repository, parsed, m, config, configBytes);
  }

  private static boolean matches(@org.jspecify.annotations.Nullable Platform entry, Platform want) {
    return entry != null
        && entry.os().equals(want.os())
        && entry.architecture().equals(want.architecture())
        && (want.variant() == null || want.variant().equals(entry.variant()));
  }

  private static byte[] readConfig(RemoteRepository repository, Descriptor config) {
    if (config.size() > MAX_CONFIG_BYTES) {
      throw new RegistryException(
          502, null, "the config of " + repository + " is " + config.size() + " bytes: too large");
    }
    try (InputStream in = repository.openBlob(config)) {
      byte[] bytes = in.readAllBytes();
      return bytes;
    } catch (IOException e) {
      throw new RegistryException(
          "reading the config of " + repository + " failed: " + e.getMessage(), e);
    }
  }

  public RemoteRepository repository() {
    return repository;
  }

  /** The image manifest's descriptor: its digest is the image's identity. */
  public Descriptor descriptor() {
    return Descriptor.of(manifest.mediaType(), manifest.digest(), manifest.size());
  }

  public ImageManifest manifest() {
    return image;
  }

  public ImageConfig config() {
    return config;
  }

  /** The image as a base to build on, its layers read from this repository when needed. */
  public BaseImage asBase() {
    return new BaseImage(descriptor(), config, image.layers());
  }

  public BlobSource blobs() {
    return blob -> () -> repository.openBlob(blob);
  }

  /** The image as a sink stores it: the exact manifest and config bytes read. */
  public BuiltImage asBuilt() {
    return new BuiltImage(
        descriptor(), image, manifest.bytes(), config, configBytes, List.copyOf(image.layers()));
  }
}
