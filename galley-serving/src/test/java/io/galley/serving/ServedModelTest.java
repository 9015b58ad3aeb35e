package io.galley.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.galley.serving.http.ServingConfig;
import io.galley.serving.model.ModelLoadException;
import io.galley.serving.predict.ServedModel;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a model, and what a model that cannot be served says; draining on stop. */
class ServedModelTest {

  @Test
  void aModelWithNoFlavourGalleyServesNamesItsFlavoursAndTheServedOnes(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("MLmodel"),
        "flavors:\n  python_function:\n    loader_module: mlflow.sklearn\n  sklearn:\n    pickled_model: model.pkl\n");
    assertThatThrownBy(
            () ->
                ServedModel.load(
                    dir, Map.of(SumPredictorFactory.FLAVOR, new SumPredictorFactory()), "m", null))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage(
            "Galley cannot serve this model: its flavors are [python_function, sklearn], and Galley"
                + " serves [test_sum]");
  }

  @Test
  void aDirectoryWithoutMlmodelOrWithABrokenOneIsRefusedWithTheReason(@TempDir Path dir)
      throws Exception {
    Map<String, io.galley.serving.predict.PredictorFactory> factories =
        Map.of(SumPredictorFactory.FLAVOR, new SumPredictorFactory());
    assertThatThrownBy(() -> ServedModel.load(dir, factories, "m", null))
        .hasMessageContaining("has no MLmodel file");
    Files.writeString(dir.resolve("MLmodel"), "flavors: [unclosed\n");
    assertThatThrownBy(() -> ServedModel.load(dir, factories, "m", null))
        .hasMessageContaining("is not valid YAML");
    ModelDirs.sum(
        dir, "[{\"type\": \"array\", \"items\": {\"type\": \"double\"}, \"name\": \"v\"}]", "");
    assertThatThrownBy(() -> ServedModel.load(dir, factories, "m", null))
        .hasMessageContaining("column type array is not served");
  }

  @Test
  void aModelFileOutsideTheDirectoryIsRefused(@TempDir Path dir) throws Exception {
    ModelDirs.columns(dir);
    ServedModel m =
        ServedModel.load(
            dir, Map.of(SumPredictorFactory.FLAVOR, new SumPredictorFactory()), "m", null);
    assertThatThrownBy(() -> m.model().file("../../etc/passwd"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("outside the model directory");
    assertThat(m.model().file("sub/model.bin")).startsWithRaw(dir);
  }

  @Test
  void stopLetsARequestInFlightFinish(@TempDir Path dir) throws Exception {
    ModelDirs.sum(
        dir,
        "[{\"type\": \"double\", \"name\": \"x\", \"required\": true}]",
        "    delay_ms: '700'\n");
    ServingHttp s =
        new ServingHttp(dir, ServingConfig.defaults().withDrainTimeout(Duration.ofSeconds(5)));
    CompletableFuture<HttpResponse<String>> inFlight =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return s.post("/invocations", "application/json", "{\"inputs\": {\"x\": [2]}}");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300); // the request is being predicted
    s.close();
    HttpResponse<String> r = inFlight.get();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"predictions\":[2.0]}");
  }
}
