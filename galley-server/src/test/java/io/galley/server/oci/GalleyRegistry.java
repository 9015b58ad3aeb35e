package io.galley.server.oci;

import io.galley.server.TestServer;
import java.nio.file.Path;

/** Galley's server, whose {@code /v2/} is the registry under test, on a free port over H2. */
public final class GalleyRegistry implements RegistryUnderTest {
  private final TestServer server;

  private GalleyRegistry(TestServer server) {
    this.server = server;
  }

  public static GalleyRegistry start(Path dir) {
    return new GalleyRegistry(TestServer.h2(dir));
  }

  public TestServer server() {
    return server;
  }

  @Override
  public String host() {
    return server.http().base().substring("http://".length());
  }

  @Override
  public String name() {
    return "galley";
  }

  @Override
  public void close() {
    server.close();
  }
}
