package io.galley.server.oci;

/** The distribution API contract over an embedded H2 store. */
class RegistryApiH2Test extends RegistryApiContract {}
