package io.galley.server.oci;

import io.galley.testing.tools.ReferenceRegistry;
import java.nio.file.Path;
import java.time.Duration;

/** Debian's reference registry ({@link ReferenceRegistry}) as the contract tests drive it. */
final class ReferenceRegistryUnderTest implements RegistryUnderTest {
  private final ReferenceRegistry registry;

  private ReferenceRegistryUnderTest(ReferenceRegistry registry) {
    this.registry = registry;
  }

  static ReferenceRegistryUnderTest start(Path dir) {
    return new ReferenceRegistryUnderTest(ReferenceRegistry.start(dir));
  }

  @Override
  public String host() {
    return registry.host();
  }

  @Override
  public String name() {
    return registry.name();
  }

  @Override
  public boolean checksContentRange() {
    return registry.checksContentRange();
  }

  @Override
  public boolean awaitUploadStarted(String repository, Duration max) throws InterruptedException {
    return registry.awaitUploadStarted(repository, max);
  }

  @Override
  public void close() {
    registry.close();
  }
}
