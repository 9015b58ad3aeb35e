package io.galley.server.oci;

import static io.galley.server.oci.OciHttp.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.server.GalleyServer;
import io.galley.server.ServerConfig;
import io.galley.server.oci.OciHttp.Reply;
import io.galley.store.JdbcStore;
import io.galley.store.StoreConfig;
import io.galley.store.blob.FileBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code /v2/} request passes the one {@link ImageRegistryAccess} hook with the action and
 * repository it touches, and a refusal there is the spec's error with its status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageRegistryAccessTest {
  private final List<String> checks = new CopyOnWriteArrayList<>();
  private JdbcStore store;
  private GalleyServer server;
  private OciHttp oci;

  @BeforeAll
  void start(@TempDir Path dir) {
    store = JdbcStore.open(StoreConfig.fromUri(null, dir));
    ImageRegistryAccess access =
        (ctx, action, repository) -> {
          checks.add(action + " " + repository);
          if (repository != null && repository.value().startsWith("secret/")) {
            if (ctx.header("Authorization") == null) {
              ctx.header("WWW-Authenticate", "Bearer realm=\"test\"");
              throw new OciException(OciErrorCode.UNAUTHORIZED, "log in first");
            }
            throw new OciException(OciErrorCode.DENIED, "no access to " + repository);
          }
        };
    server =
        GalleyServer.builder()
            .config(ServerConfig.defaults().withPort(0))
            .store(store)
            .blobs(FileBlobStore.open(dir.resolve("blobs")))
            .imageAccess(access)
            .build();
    oci = new OciHttp("http://127.0.0.1:" + server.start());
  }

  @AfterAll
  void stop() {
    server.stop();
    store.close();
  }

  private List<String> during(Runnable requests) {
    checks.clear();
    requests.run();
    return List.copyOf(checks);
  }

  @Test
  void eachEndpointAsksTheHookWithItsActionAndRepository() {
    byte[] bytes = "layer".getBytes(StandardCharsets.UTF_8);
    String digest = sha256(bytes);
    assertThat(during(() -> oci.get("/v2/").expect(200))).containsExactly("PING null");
    assertThat(during(() -> oci.get("/v2/_catalog").expect(200))).containsExactly("CATALOG null");
    assertThat(during(() -> oci.pushBlob("open/a", bytes))).containsExactly("PUSH open/a");
    assertThat(during(() -> oci.head("/v2/open/a/blobs/" + digest).expect(200)))
        .containsExactly("PULL open/a");
    assertThat(
            during(
                () ->
                    oci.send(
                            "POST",
                            "/v2/open/b/blobs/uploads/?mount=" + digest + "&from=open/a",
                            null)
                        .expect(201)))
        .containsExactly("PUSH open/b", "PULL open/a");
    assertThat(during(() -> oci.get("/v2/open/a/tags/list").expect(200)))
        .containsExactly("PULL open/a");
    assertThat(during(() -> oci.delete("/v2/open/b/blobs/" + digest).expect(202)))
        .containsExactly("DELETE open/b");
    assertThat(during(() -> oci.get("/v2/open/a/referrers/" + digest).expect(200)))
        .containsExactly("PULL open/a");
  }

  @Test
  void aRefusalIsTheSpecsErrorAndNothingIsServedOrStored() {
    Reply anonymous = oci.send("POST", "/v2/secret/models/blobs/uploads/", null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.errorCode()).isEqualTo("UNAUTHORIZED");
    assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"test\"");

    Reply denied =
        oci.send(
            "PUT",
            "/v2/secret/models/manifests/v1",
            "{}".getBytes(StandardCharsets.UTF_8),
            "Authorization",
            "Bearer nope");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.errorCode()).isEqualTo("DENIED");

    // A mount needs pull on its source: refused there, the blob stays out of the target.
    byte[] bytes = "mounted?".getBytes(StandardCharsets.UTF_8);
    Reply mount =
        oci.send(
            "POST",
            "/v2/open/c/blobs/uploads/?mount=" + sha256(bytes) + "&from=secret/models",
            null,
            "Authorization",
            "Bearer nope");
    assertThat(mount.status()).isEqualTo(403);
    assertThat(
            store
                .imageRegistry()
                .repositoryExists(io.galley.oci.name.RepositoryName.of("secret/models")))
        .isFalse();
  }
}
