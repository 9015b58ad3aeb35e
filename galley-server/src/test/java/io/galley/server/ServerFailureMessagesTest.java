package io.galley.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.server.Http.Resp;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A server failure caused by what lies below (the database, the disk) tells the caller that the
 * server failed and under which request id, never the SQL, driver or path in the cause; a failure
 * the code words on purpose is shown as it is; every answer carries its request id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerFailureMessagesTest {
  private static final String LEAKY =
      "Metadata store error: org.h2.jdbc.JdbcSQLDataException: SELECT r.run_uuid FROM runs r"
          + " [/work/galley-data/galley.mv.db]";

  private GalleyServer server;
  private Http http;

  @BeforeAll
  void start() {
    server =
        GalleyServer.builder()
            .config(ServerConfig.defaults().withPort(0))
            .tracking(
                FakeStores.of(
                    (proxy, method, args) -> {
                      if (method.getName().equals("getRun")) {
                        throw new GalleyException(
                            ErrorCode.TEMPORARILY_UNAVAILABLE,
                            "Concurrent writes kept conflicting; retry");
                      }
                      throw new GalleyException(
                          ErrorCode.INTERNAL_ERROR, LEAKY, new SQLException("SELECT 1", "XX000"));
                    }))
            .artifacts(FakeStores.untouchableArtifacts())
            .modelRegistry(FakeStores.untouchableRegistry())
            .images(FakeStores.untouchableImages())
            .blobs(FakeStores.untouchableBlobs())
            .build();
    http = new Http(server.start());
  }

  @AfterAll
  void stop() {
    server.stop();
  }

  @Test
  void aFailureFromBelowNamesTheRequestIdAndNothingElse() {
    HttpResponse<byte[]> r =
        http.exchange(
            http.request("/api/2.0/mlflow/experiments/get?experiment_id=1").GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    Resp resp = Http.resp(r);
    String id = r.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(id).matches("[0-9a-f]{16}");
    assertThat(resp.status()).isEqualTo(500);
    assertThat(resp.errorCode()).isEqualTo("INTERNAL_ERROR");
    assertThat(resp.message())
        .isEqualTo("The server failed. Its log has the details under request id " + id + ".");
    assertThat(resp.body()).doesNotContain("SELECT", "org.h2", "/work", "SQL");
  }

  @Test
  void aFailureWordedOnPurposeIsShownAsItIs() {
    Resp r = http.mlflowGet("runs/get", "run_id=abc");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.message()).isEqualTo("Concurrent writes kept conflicting; retry");
  }

  @Test
  void aWellFormedRequestIdFromAProxyIsKeptAndOtherTextIsNot() {
    HttpResponse<byte[]> kept =
        http.exchange(
            http.request("/health").header("X-Request-Id", "proxy-4f2a9c1e").GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(kept.headers().firstValue("X-Request-Id")).hasValue("proxy-4f2a9c1e");
    HttpResponse<byte[]> replaced =
        http.exchange(
            http.request("/health").header("X-Request-Id", "x\" forged log line").GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(replaced.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{16}");
  }
}
