package io.galley.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.galley.core.InvalidRequestException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The history entry {@code Model.get_tags_dict()} makes, and the list {@code json.dumps} writes.
 */
class LoggedModelHistoryTest {

  @Test
  void theEntryKeepsWhatGetTagsDictKeeps() {
    ObjectNode entry =
        LoggedModelHistory.entry(
            "{\"artifact_path\": \"m\", \"run_id\": \"r1\", \"utc_time_created\": \"t0\","
                + " \"flavors\": {\"f\": {\"a\": 1, \"config\": {\"x\": 2}}, \"g\": \"plain\"},"
                + " \"signature\": {\"inputs\": \"[]\"}, \"mlflow_version\": \"2.17.2\"}");
    assertThat(PythonJson.dumps(entry))
        .isEqualTo(
            "{\"run_id\": \"r1\", \"artifact_path\": \"m\", \"utc_time_created\": \"t0\","
                + " \"model_uuid\": null, \"flavors\": {\"f\": {\"a\": 1}, \"g\": \"plain\"}}");
  }

  @Test
  void noneFieldsAreLeftOutAndAFalsyTimeIsNow() {
    ObjectNode entry =
        LoggedModelHistory.entry(
            "{\"artifact_path\": null, \"run_id\": null, \"utc_time_created\": \"\","
                + " \"flavors\": null, \"model_uuid\": \"u\"}");
    assertThat(entry.has("run_id")).isFalse();
    assertThat(entry.has("artifact_path")).isFalse();
    assertThat(entry.get("utc_time_created").asText())
        .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");
    assertThat(entry.get("flavors").isEmpty()).isTrue();
    assertThat(entry.get("model_uuid").asText()).isEqualTo("u");
  }

  @Test
  void appendWritesAsPythonsJsonDumps() {
    ObjectNode entry =
        LoggedModelHistory.entry(
            "{\"artifact_path\": \"m\", \"run_id\": \"r\", \"utc_time_created\": \"t\","
                + " \"flavors\": {}, \"model_uuid\": \"é\\n\\u0000\\\"\"}");
    String first = LoggedModelHistory.append(Optional.empty(), entry);
    assertThat(first)
        .isEqualTo(
            "[{\"run_id\": \"r\", \"artifact_path\": \"m\", \"utc_time_created\": \"t\","
                + " \"model_uuid\": \"\\u00e9\\n\\u0000\\\"\", \"flavors\": {}}]");
    // An earlier entry written compactly (as Galley's SDK writes it) is rewritten as Python would.
    String second = LoggedModelHistory.append(Optional.of("[{\"a\":[1,2.5,true]}]"), entry);
    assertThat(second).startsWith("[{\"a\": [1, 2.5, true]}, {\"run_id\": \"r\"");
    assertThatThrownBy(() -> LoggedModelHistory.append(Optional.of("{\"not\": \"a list\"}"), entry))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("is not a JSON list");
  }
}
