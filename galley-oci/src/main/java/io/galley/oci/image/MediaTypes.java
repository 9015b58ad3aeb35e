package io.galley.oci.image;

import java.util.regex.Pattern;

/**
 * Media types of the OCI Image Spec v1.1 ({@code media-types.md}) and of Docker's image manifest v2
 * schema 2, which registries still receive from {@code docker push}.
 */
public final class MediaTypes {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_TAR_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

  /** The empty descriptor's type ({@code {}}, 2 bytes): the config of artifacts that have none. */
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_TAR_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String DOCKER_FOREIGN_LAYER_TAR_GZIP =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

  /** Docker's signed schema 1, which Galley does not accept (it is deprecated everywhere). */
  public static final String DOCKER_MANIFEST_V1 =
      "application/vnd.docker.distribution.manifest.v1+json";

  public static final String DOCKER_MANIFEST_V1_SIGNED =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  // RFC 6838 section 4.2: type "/" subtype, each a restricted-name; parameters allowed after ";".
  private static final Pattern RFC_6838 =
      Pattern.compile(
          "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
              + "(\\s*;.*)?");

  private MediaTypes() {}

  /** Whether {@code value} has the form RFC 6838 requires of a descriptor's media type. */
  public static boolean isValid(String value) {
    return RFC_6838.matcher(value).matches();
  }

  /** The type without parameters, trimmed: {@code "a/b; charset=x"} gives {@code "a/b"}. */
  public static String withoutParameters(String value) {
    int semicolon = value.indexOf(';');
    return (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
  }
}
