package io.galley.oci.name;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.blob.Digest;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A full image reference, {@code registry/name[:tag][@digest]}, with {@link #toString()} as its
 * canonical form ({@code docker.io/library/ubuntu:latest}).
 *
 * <p>{@link #parse} follows Docker's normalisation (distribution's {@code reference} package):
 *
 * <ul>
 *   <li>the part before the first {@code /} is the registry only if it contains {@code .} or {@code
 *       :}, or is {@code localhost}; otherwise the registry is {@code docker.io};
 *   <li>{@code index.docker.io} is written {@code docker.io};
 *   <li>on {@code docker.io} a one-component name gets {@code library/} in front ({@code ubuntu} →
 *       {@code docker.io/library/ubuntu});
 *   <li>with neither tag nor digest the tag is {@code latest}; with a digest alone there is no tag.
 * </ul>
 */
public record OciReference(
    String registry, RepositoryName repository, @Nullable Tag tag, @Nullable Digest digest) {
  public static final String DOCKER_HUB = "docker.io";
  private static final String DOCKER_HUB_LEGACY = "index.docker.io";
  private static final String DOCKER_HUB_OFFICIAL = "library/";

  // Host names and IPv4 addresses, or bracketed IPv6, each with an optional port.
  private static final Pattern REGISTRY =
      Pattern.compile(
          "(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
              + "(\\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
              + "|\\[[0-9a-fA-F:.]+\\])(:[0-9]{1,5})?");

  public OciReference {
    requireNonNull(registry, "registry");
    requireNonNull(repository, "repository");
    if (!REGISTRY.matcher(registry).matches()) {
      throw new InvalidRequestException(
          "Invalid registry '" + registry + "': expected host[:port], e.g. localhost:5000");
    }
    if (tag == null && digest == null) {
      throw new InvalidRequestException(
          "Reference to " + registry + "/" + repository + " needs a tag or a digest");
    }
  }

  /** Parses {@code [registry/]name[:tag][@digest]} with Docker's defaults (see the class doc). */
  public static OciReference parse(String reference) {
    requireNonNull(reference, "reference");
    String rest = reference;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Digest.parse(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    Tag tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = Tag.of(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
    }
    String registry = DOCKER_HUB;
    String path = rest;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first.equals(DOCKER_HUB_LEGACY) ? DOCKER_HUB : first;
        path = rest.substring(slash + 1);
      }
    }
    if (path.isEmpty()) {
      throw new InvalidRequestException(
          "Invalid reference '" + reference + "': expected [registry/]name[:tag][@digest]");
    }
    if (registry.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
      path = DOCKER_HUB_OFFICIAL + path;
    }
    if (tag == null && digest == null) {
      tag = Tag.LATEST;
    }
    return new OciReference(registry, RepositoryName.of(path), tag, digest);
  }

  /** The tag or, failing that, the digest: what goes after {@code /manifests/} in a URL. */
  public String manifestReference() {
    return digest != null ? digest.toString() : requireNonNull(tag).toString();
  }

  public OciReference withTag(Tag newTag) {
    return new OciReference(registry, repository, requireNonNull(newTag, "newTag"), digest);
  }

  public OciReference withDigest(Digest newDigest) {
    return new OciReference(registry, repository, tag, requireNonNull(newDigest, "newDigest"));
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(registry).append('/').append(repository);
    if (tag != null) {
      out.append(':').append(tag);
    }
    if (digest != null) {
      out.append('@').append(digest);
    }
    return out.toString();
  }
}
