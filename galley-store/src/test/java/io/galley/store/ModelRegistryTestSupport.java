package io.galley.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.registry.ModelVersion;
import io.galley.core.registry.NewModelVersion;
import io.galley.core.registry.RegisteredModel;
import io.galley.core.tracking.NewRun;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh, migrated database per test, and the helpers the registry's contract tests share. */
abstract class ModelRegistryTestSupport {
  @TempDir Path tempDir;
  JdbcStore jdbc;
  ModelRegistry registry;

  /** A fresh, empty database. */
  abstract StoreConfig database(Path tempDir);

  @BeforeEach
  void open() {
    jdbc = JdbcStore.open(database(tempDir));
    registry = jdbc.modelRegistry();
  }

  @AfterEach
  void close() {
    if (jdbc != null) {
      jdbc.close();
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  RegisteredModel model(String name) {
    return registry.createRegisteredModel(name, List.of(), null);
  }

  ModelVersion version(String name) {
    return version(name, "s3://bucket/" + name);
  }

  ModelVersion version(String name, String source) {
    return registry.createModelVersion(
        new NewModelVersion(name, source, null, null, null, List.of(), "alice"));
  }

  String newRun() {
    return jdbc.tracking().createRun(new NewRun("0", "alice", null, 1, List.of())).info().runId();
  }

  static void fails(ThrowingCallable call, ErrorCode code, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(GalleyException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((GalleyException) e).code())
        .isEqualTo(code);
  }

  static void invalid(ThrowingCallable call, String message) {
    fails(call, ErrorCode.INVALID_PARAMETER_VALUE, message);
  }
}
