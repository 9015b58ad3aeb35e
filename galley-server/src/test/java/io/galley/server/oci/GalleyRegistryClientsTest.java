package io.galley.server.oci;

import java.nio.file.Path;
import org.junit.jupiter.api.Disabled;

/** The OCI client contract against Galley's own {@code /v2/}. */
@Disabled("Galley's /v2/ routes have not landed yet: remove this line when they do")
class GalleyRegistryClientsTest extends RegistryClientsContract {
  @Override
  protected RegistryUnderTest startRegistry(Path dir) {
    return GalleyRegistry.start(dir);
  }
}
