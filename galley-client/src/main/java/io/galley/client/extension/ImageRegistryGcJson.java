package io.galley.client.extension;

/**
 * The response of {@code POST /api/2.0/galley/registry/gc}: the image registry's metadata tidied
 * first, then the blob collection that followed.
 */
public record ImageRegistryGcJson(
    int uploadsExpired, int manifestsDeleted, int blobsUnlinked, GcJson blobs) {}
