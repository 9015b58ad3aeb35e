package io.galley.server.oci;

/** What a registry request does, as Docker's token scopes name it (plus the catalog). */
public enum ImageRegistryAction {
  /** Reads a repository: manifests, blobs, tags, referrers. */
  PULL,
  /** Writes a repository: uploads, mounts, manifest puts. */
  PUSH,
  /** Deletes manifests, tags or blobs. */
  DELETE,
  /** Lists every repository ({@code /v2/_catalog}). */
  CATALOG,
  /** The API version check ({@code GET /v2/}), which tells a client whether it must log in. */
  PING
}
