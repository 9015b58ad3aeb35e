package io.galley.server.oci;

/** The distribution API contract over an embedded H2 store. */
class ImageRegistryApiH2Test extends ImageRegistryApiContract {}
