package io.galley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {
  @Test
  void galleyTokenWinsThenGalleyTrackingTokenThenMlflows() {
    assertThat(
            ClientSettings.token(
                Map.of(
                    "GALLEY_TOKEN", "a",
                    "GALLEY_TRACKING_TOKEN", "b",
                    "MLFLOW_TRACKING_TOKEN", "c")))
        .contains("a");
    assertThat(
            ClientSettings.token(
                Map.of(
                    "GALLEY_TOKEN",
                    " ",
                    "GALLEY_TRACKING_TOKEN",
                    "b",
                    "MLFLOW_TRACKING_TOKEN",
                    "c")))
        .contains("b");
    assertThat(ClientSettings.token(Map.of("MLFLOW_TRACKING_TOKEN", " c "))).contains("c");
    assertThat(ClientSettings.token(Map.of())).isEmpty();
  }
}
