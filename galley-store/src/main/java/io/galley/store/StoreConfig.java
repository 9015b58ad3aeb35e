package io.galley.store;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where the metadata store lives: a JDBC URL with its credentials. Built from the server's
 * {@code --backend-store-uri} ({@code postgresql://user:pass@host:port/db} or a JDBC URL), or an
 * H2 file database inside the data dir when none is given.
 */
public record StoreConfig(String jdbcUrl, @Nullable String user, @Nullable String password) {

  public static StoreConfig fromUri(@Nullable String backendStoreUri, Path dataDir) {
    throw new UnsupportedOperationException("not written yet");
  }
}
