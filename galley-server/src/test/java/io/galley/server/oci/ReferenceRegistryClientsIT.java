package io.galley.server.oci;

import java.nio.file.Path;

/** The OCI client contract against Debian's reference registry, which proves the harness. */
class ReferenceRegistryClientsIT extends RegistryClientsContract {
  @Override
  protected RegistryUnderTest startRegistry(Path dir) {
    return ReferenceRegistryUnderTest.start(dir);
  }
}
