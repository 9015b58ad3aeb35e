package io.galley.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.galley.core.tracking.Metric;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast path gives what the general path gives, or steps aside. */
class LogBatchReaderTest {

  private static LogBatchReader.Read fast(String json) {
    return LogBatchReader.read(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The metrics as the general path reads them (RunRoutes#metric over the tree). */
  private static List<Metric> general(String json) {
    RequestFields in =
        RequestFields.ofBody(RequestBodies.parseObject(json.getBytes(StandardCharsets.UTF_8)));
    return in.messages("metrics").stream()
        .map(
            m ->
                new Metric(
                    m.requiredString("key"),
                    m.requiredDouble("value"),
                    m.requiredInt64("timestamp"),
                    m.int64("step") == null ? 0 : m.int64("step")))
        .toList();
  }

  @Test
  void usualBodiesTakeTheFastPathAndAgree() {
    String[] bodies = {
      "{\"run_id\": \"abc\", \"metrics\": [{\"key\": \"a\", \"value\": 0.1, \"timestamp\": 5, \"step\": 2},"
          + " {\"step\": 3, \"timestamp\": 9223372036854775807, \"value\": -7, \"key\": \"b/c d\"},"
          + " {\"key\": \"n\", \"value\": NaN, \"timestamp\": 0}, {\"key\": \"i\", \"value\": -Infinity,"
          + " \"timestamp\": 1, \"step\": -4}, {\"key\": \"e\", \"value\": 1e400, \"timestamp\": 1},"
          + " {\"key\": \"z\", \"value\": -0.0, \"timestamp\": 1}, {\"key\": \"p\","
          + " \"value\": 0.30000000000000004, \"timestamp\": 1}, {\"key\": \"q\", \"value\": 4.9e-324,"
          + " \"timestamp\": 1}]}",
      "{\"metrics\": [], \"params\": [{\"key\": \"lr\", \"value\": \"0.1\"}], \"runId\": \"x\"}",
      "{\"run_id\": \"abc\", \"tags\": [{\"key\": \"t\", \"value\": \"v\"}], \"unknown\": {\"a\": [1, null]}}",
      "{\"run_id\": null, \"run_uuid\": \"u\", \"metrics\": [{\"key\": \"k\", \"value\": 1, \"timestamp\": 2}]}",
    };
    for (String body : bodies) {
      LogBatchReader.Read read = fast(body);
      assertThat(read).as(body).isNotNull();
      assertThat(read.metrics()).as(body).isEqualTo(general(body));
      assertThat(read.rest())
          .isEqualTo(
              RequestBodies.parseObject(body.getBytes(StandardCharsets.UTF_8)).without("metrics"));
    }
    Metric nan = fast(bodies[0]).metrics().get(2);
    assertThat(Double.doubleToRawLongBits(nan.value()))
        .isEqualTo(Double.doubleToRawLongBits(Double.NaN));
  }

  @Test
  void unusualBodiesStepAside() {
    String[] bodies = {
      "",
      "   ",
      "\"{\\\"run_id\\\": \\\"abc\\\"}\"",
      "[]",
      "{\"run_id\": \"abc\"} {}",
      "{\"run_id\": \"abc\", \"run_id\": \"def\"}",
      "{\"metrics\": null}",
      "{\"metrics\": {}}",
      "{\"metrics\": [], \"metrics\": []}",
      "{\"metrics\": [1]}",
      "{\"metrics\": [{\"key\": \"a\", \"value\": \"1.5\", \"timestamp\": 1}]}",
      "{\"metrics\": [{\"key\": \"a\", \"value\": 1.5, \"timestamp\": \"1\"}]}",
      "{\"metrics\": [{\"key\": \"a\", \"value\": 1.5, \"timestamp\": 1.0}]}",
      "{\"metrics\": [{\"key\": \"a\", \"value\": 1.5, \"timestamp\": 1, \"step\": null}]}",
      "{\"metrics\": [{\"key\": \"a\", \"value\": 1.5, \"timestamp\": 99999999999999999999}]}",
      "{\"metrics\": [{\"key\": \"a\", \"value\": 99999999999999999999, \"timestamp\": 1}]}",
      "{\"metrics\": [{\"key\": \"\", \"value\": 1.5, \"timestamp\": 1}]}",
      "{\"metrics\": [{\"key\": \"a\", \"timestamp\": 1}]}",
      "{\"metrics\": [{\"value\": 1, \"timestamp\": 1}]}",
      "{\"metrics\": [{\"key\": \"a\", \"value\": 1}]}",
      "{\"metrics\": [{\"key\": \"a\", \"key\": \"b\", \"value\": 1, \"timestamp\": 1}]}",
      "{\"metrics\": [{\"key\": \"a\", \"value\": 1, \"timestamp\": 1, \"model_id\": \"m\"}]}",
      "{\"metrics\": [{\"key\": \"a\", \"value\": 1, \"timestamp\": 1}",
      "{\"metrics\": [{\"key\": \"a\", \"value\": 1, \"timestamp\": 1}], ",
    };
    for (String body : bodies) {
      assertThat(fast(body)).as(body).isNull();
    }
  }
}
