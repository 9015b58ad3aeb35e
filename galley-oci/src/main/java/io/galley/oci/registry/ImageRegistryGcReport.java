package io.galley.oci.registry;

/**
 * What a registry garbage collection removed from the metadata: expired upload sessions, untagged
 * manifests and blob links no manifest needs. The bytes go in the blob collection that follows.
 */
public record ImageRegistryGcReport(int uploadsExpired, int manifestsDeleted, int blobsUnlinked) {}
