package io.galley.sdk;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One real server per test class over a fresh data dir, and an SDK client connected to it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LiveServerTest {
  protected LiveServer server;
  protected Galley galley;

  @BeforeAll
  void startServer(@TempDir Path data) {
    server = new LiveServer(data);
    galley = server.galley();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }
}
