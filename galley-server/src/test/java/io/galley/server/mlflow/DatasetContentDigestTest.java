package io.galley.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.tracking.DatasetInput;
import io.galley.server.ApiTestBase;
import io.galley.server.Http;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * log-inputs of a dataset whose source is a file Galley stores: the input carries the blob's sha256
 * as {@link DatasetInput#CONTENT_DIGEST_TAG}, whichever URI form the client wrote.
 */
class DatasetContentDigestTest extends ApiTestBase {
  private static final byte[] CSV =
      "sepal_length,species\n5.1,setosa\n7.0,versicolor\n".getBytes(StandardCharsets.UTF_8);

  private String exp;
  private String dataRun;

  @BeforeAll
  void storeDataFile() {
    exp = createExperiment(unique("datasets"));
    dataRun = createRun(exp);
    ok(putArtifact(exp, dataRun, "data/iris.csv", CSV));
  }

  @Test
  void proxiedArtifactSourceGetsTheBlobDigest() {
    String run = createRun(exp);
    logInput(
        run,
        "iris",
        "{\"uri\": \"mlflow-artifacts:/" + exp + "/" + dataRun + "/artifacts/data/iris.csv\"}");
    assertThat(contentDigest(run)).contains("sha256:" + sha256(CSV));
  }

  @Test
  void runsUriSourceGetsTheBlobDigestAndKeepsOtherTags() {
    String run = createRun(exp);
    logInput(run, "iris", "{\"uri\": \"runs:/" + dataRun + "/data/iris.csv\"}");
    JsonNode tags = getRun(run).at("/inputs/dataset_inputs/0/tags");
    assertThat(tags.findValuesAsText("key"))
        .containsExactlyInAnyOrder("mlflow.data.context", DatasetInput.CONTENT_DIGEST_TAG);
    assertThat(contentDigest(run)).contains("sha256:" + sha256(CSV));
  }

  @Test
  void aClientsClaimIsReplacedWhenGalleyHoldsTheFile() {
    String run = createRun(exp);
    String forged = "sha256:" + "0".repeat(64);
    logInput(run, "iris", "{\"uri\": \"runs:/" + dataRun + "/data/iris.csv\"}", forged);
    assertThat(contentDigest(run)).contains("sha256:" + sha256(CSV));
  }

  @Test
  void otherSourcesKeepWhatTheClientSent() {
    String run = createRun(exp);
    String local = "sha256:" + "a".repeat(64);
    logInput(run, "local", "{\"uri\": \"/home/me/iris.csv\"}", local);
    assertThat(contentDigest(run)).contains(local);
  }

  @Test
  void sourcesThatNameNothingStoredGetNoDigest() {
    String[] sources = {
      "{\"uri\": \"runs:/" + dataRun + "/data/missing.csv\"}",
      "{\"uri\": \"runs:/" + dataRun + "/data\"}",
      "{\"uri\": \"runs:/" + dataRun + "/../etc/passwd\"}",
      "{\"uri\": \"runs:/no-such-run/data/iris.csv\"}",
      "{\"url\": \"https://example.org/iris.csv\"}",
      "/data/iris.csv",
      "[1, 2]",
      "{\"uri\": 7}"
    };
    for (int i = 0; i < sources.length; i++) {
      String run = createRun(exp);
      logInput(run, "d" + i, sources[i]);
      assertThat(contentDigest(run)).as(sources[i]).isEmpty();
      assertThat(getRun(run).at("/inputs/dataset_inputs/0/dataset/source").asText())
          .isEqualTo(sources[i]);
    }
  }

  private void logInput(String run, String name, String source, String... contentDigest) {
    ObjectNode input = Http.obj();
    var tags = input.putArray("tags");
    tags.addObject().put("key", "mlflow.data.context").put("value", "train");
    for (String digest : contentDigest) {
      tags.addObject().put("key", DatasetInput.CONTENT_DIGEST_TAG).put("value", digest);
    }
    input
        .putObject("dataset")
        .put("name", name)
        .put("digest", "1a2b3c4d")
        .put("source_type", "local")
        .put("source", source);
    ObjectNode body = Http.obj().put("run_id", run);
    body.putArray("datasets").add(input);
    ok(http.mlflowPost("runs/log-inputs", body));
  }

  private Optional<String> contentDigest(String run) {
    for (JsonNode tag : getRun(run).at("/inputs/dataset_inputs/0/tags")) {
      if (tag.get("key").asText().equals(DatasetInput.CONTENT_DIGEST_TAG)) {
        return Optional.of(tag.get("value").asText());
      }
    }
    return Optional.empty();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
