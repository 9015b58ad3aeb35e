package io.galley.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.core.blob.Digest;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.registry.ImageRegistry;
import io.galley.store.blob.FileBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code galley image gc} (and its old name, {@code galley registry gc}) against a real server over
 * H2 and a FileBlobStore.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageGcVerbTest {
  private InProcessServer server;
  private FileBlobStore blobs;
  private ImageRegistry registry;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    server = new InProcessServer(dataDir);
    blobs = server.blobs();
    registry = new ImageRegistry(server.store().imageRegistry(), blobs, Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** Pushes config and layer blobs and a manifest naming them; returns the manifest's digest. */
  private String push(RepositoryName repo, String tag, String layerText) {
    byte[] config = ("{\"layer\":\"" + layerText + "\"}").getBytes(UTF_8);
    byte[] layer = layerText.getBytes(UTF_8);
    registry.uploadBlob(repo, sha256(config), new ByteArrayInputStream(config));
    registry.uploadBlob(repo, sha256(layer), new ByteArrayInputStream(layer));
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\""
                + sha256(config)
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                + "\"digest\":\""
                + sha256(layer)
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(UTF_8);
    return registry.putManifest(repo, tag, manifest, null).digest().toString();
  }

  @Test
  void gcFreesTheLayersOfADeletedImageAndKeepsTaggedOnes() {
    RepositoryName repo = RepositoryName.of("team/gc/deleted");
    push(repo, "kept", "layer kept by a tag");
    String gone = push(repo, "gone", "layer of a deleted image");
    registry.deleteManifest(repo, gone);

    CliRunner gc = server.galley("image", "gc", "--grace", "0");

    assertThat(gc.exitCode()).as(gc.err()).isZero();
    assertThat(gc.out()).contains("REGISTRY", "unused layer links (removed)", "Freed ");
    assertThat(blobs.stat(sha256("layer of a deleted image".getBytes(UTF_8)))).isEmpty();
    assertThat(blobs.stat(sha256("layer kept by a tag".getBytes(UTF_8)))).isPresent();
    assertThat(registry.manifest(repo, "kept").record().size()).isPositive();
  }

  @Test
  void untaggedManifestsGoOnlyWhenAskedAndJsonIsTheServersReport() throws IOException {
    RepositoryName repo = RepositoryName.of("team/gc/untagged");
    String digest = push(repo, "v1", "layer of an untagged image");
    registry.deleteManifest(repo, "v1");

    CliRunner keep = server.galley("image", "gc", "--grace", "0", "--format", "json");
    assertThat(keep.exitCode()).as(keep.err()).isZero();
    assertThat(new ObjectMapper().readTree(keep.out()).get("manifests_deleted").asInt()).isZero();
    assertThat(registry.manifest(repo, digest).record().digest().toString()).isEqualTo(digest);

    CliRunner drop =
        server.galley("image", "gc", "--grace", "0", "--delete-untagged", "--format", "json");
    assertThat(drop.exitCode()).as(drop.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(drop.out());
    assertThat(report.get("manifests_deleted").asInt()).isEqualTo(1);
    assertThat(report.path("blobs").get("deleted").asLong()).isPositive();
    assertThat(blobs.stat(sha256("layer of an untagged image".getBytes(UTF_8)))).isEmpty();
  }

  @Test
  void theDefaultGraceKeepsAFreshPush() {
    RepositoryName repo = RepositoryName.of("team/gc/fresh");
    String digest = push(repo, "v1", "layer pushed a moment ago");
    registry.deleteManifest(repo, digest);

    CliRunner gc = server.galley("image", "gc");

    assertThat(gc.exitCode()).as(gc.err()).isZero();
    assertThat(blobs.stat(sha256("layer pushed a moment ago".getBytes(UTF_8)))).isPresent();
  }

  @Test
  void aBadDurationIsAUsageError() {
    CliRunner r = server.galley("image", "gc", "--upload-expiry", "later");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--upload-expiry must be a duration");
  }

  @Test
  void theOldRegistryVerbStillRunsButIsNotListed() {
    RepositoryName repo = RepositoryName.of("team/gc/alias");
    String digest = push(repo, "v1", "layer of an image gc'd by its old verb");
    registry.deleteManifest(repo, digest);

    CliRunner gc = server.galley("registry", "gc", "--grace", "0");
    assertThat(gc.exitCode()).as(gc.err()).isZero();
    assertThat(gc.out()).contains("REGISTRY", "Freed ");
    assertThat(blobs.stat(sha256("layer of an image gc'd by its old verb".getBytes(UTF_8))))
        .isEmpty();

    CliRunner help = server.galley("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        // Command rows are indented by two spaces; wrapped descriptions by many more.
        .containsPattern("(?m)^  image +\\S")
        .doesNotContainPattern("(?m)^  registry +\\S");
  }

  private static Digest sha256(byte[] bytes) {
    try {
      return Digest.ofSha256(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
