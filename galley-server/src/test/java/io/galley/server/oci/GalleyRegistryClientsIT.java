package io.galley.server.oci;

import java.nio.file.Path;

/** The OCI client contract against Galley's own {@code /v2/}. */
class GalleyRegistryClientsIT extends RegistryClientsContract {
  @Override
  protected RegistryUnderTest startRegistry(Path dir) {
    return GalleyRegistry.start(dir);
  }
}
