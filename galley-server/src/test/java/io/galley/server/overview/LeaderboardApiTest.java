package io.galley.server.overview;

import static io.galley.server.Http.obj;
import static io.galley.server.Http.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.server.ApiTestBase;
import io.galley.server.Http.Resp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/2.0/galley/leaderboard} over a real store. */
class LeaderboardApiTest extends ApiTestBase {
  private String exp;
  private final List<String> runs = new ArrayList<>();

  /** Three runs: acc histories {0.5, 0.9, 0.6}, {0.7, 0.8}, {0.95, 0.1}; one run without acc. */
  @BeforeAll
  void logRuns() {
    exp = createExperiment(unique("board"));
    double[][] histories = {{0.5, 0.9, 0.6}, {0.7, 0.8}, {0.95, 0.1}};
    for (int r = 0; r < histories.length; r++) {
      String run = createRun(exp);
      runs.add(run);
      ObjectNode batch = obj().put("run_id", run);
      ArrayNode metrics = batch.putArray("metrics");
      for (int step = 0; step < histories[r].length; step++) {
        metrics.add(
            obj()
                .put("key", "acc")
                .put("value", histories[r][step])
                .put("timestamp", 1000 + step)
                .put("step", step));
      }
      batch.putArray("params").add(obj().put("key", "model").put("value", r == 1 ? "mlp" : "cnn"));
      ok(http.mlflowPost("runs/log-batch", batch));
    }
    createRun(exp);
  }

  private JsonNode board(String query) {
    Resp r = http.get("/api/2.0/galley/leaderboard?experiment_id=" + exp + "&metric=acc" + query);
    ok(r);
    return r.json();
  }

  private List<String> order(JsonNode board) {
    List<String> ids = new ArrayList<>();
    board.path("entries").forEach(e -> ids.add(e.at("/run/info/run_id").asText()));
    return ids;
  }

  @Test
  void defaultRanksByLastValueDescending() {
    JsonNode b = board("");
    assertThat(order(b)).containsExactly(runs.get(1), runs.get(0), runs.get(2));
    JsonNode first = b.get("entries").get(0);
    assertThat(first.get("rank").asInt()).isEqualTo(1);
    assertThat(first.at("/run/info/run_uuid").asText()).isEqualTo(runs.get(1));
    assertThat(first.at("/run/data/params/0/value").asText()).isEqualTo("mlp");
    assertThat(first.at("/metric/key").asText()).isEqualTo("acc");
    assertThat(first.at("/metric/last/value").asDouble()).isEqualTo(0.8);
    assertThat(first.at("/metric/last/step").asLong()).isEqualTo(1);
    assertThat(first.at("/metric/last/timestamp").asLong()).isEqualTo(1001);
    assertThat(first.at("/metric/min/value").asDouble()).isEqualTo(0.7);
    assertThat(first.at("/metric/max/value").asDouble()).isEqualTo(0.8);
    assertThat(first.at("/metric/max/step").asLong()).isEqualTo(1);
  }

  @Test
  void maxAscendingLimitAndFilter() {
    assertThat(order(board("&agg=max"))).containsExactly(runs.get(2), runs.get(0), runs.get(1));
    assertThat(order(board("&agg=min&order=asc")))
        .containsExactly(runs.get(2), runs.get(0), runs.get(1));
    assertThat(order(board("&agg=max&n=1"))).containsExactly(runs.get(2));
    assertThat(order(board("&filter=" + q("params.model = 'cnn'"))))
        .containsExactly(runs.get(0), runs.get(2));
  }

  @Test
  void fromTheBottomIsTheRankingReadBackwards() {
    List<String> ranking = order(board(""));
    List<String> backwards = new ArrayList<>(ranking);
    Collections.reverse(backwards);
    assertThat(order(board("&from=bottom"))).isEqualTo(backwards);
    assertThat(order(board("&from=top"))).isEqualTo(ranking);
    assertThat(order(board("&from=bottom&n=1"))).containsExactly(ranking.get(ranking.size() - 1));
    Resp bad = http.get("/api/2.0/galley/leaderboard?experiment_id=" + exp + "&metric=acc&from=up");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(bad.json().path("message").asText())
        .isEqualTo("Invalid from 'up': use top or bottom");
  }

  @Test
  void unknownMetricGivesNoEntries() {
    Resp r = http.get("/api/2.0/galley/leaderboard?experiment_id=" + exp + "&metric=nothing");
    ok(r);
    assertThat(r.json().path("entries").size()).isZero();
  }
}
