package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/** Short text forms of a run's params and metrics for table cells. */
final class RunViews {
  private RunViews() {}

  static String metricsSummary(JsonNode metrics, int most) {
    Map<String, String> values = new TreeMap<>();
    for (JsonNode m : metrics) {
      values.put(m.path("key").asText(), Formats.number(Formats.metricValue(m.path("value"))));
    }
    return keyValues(values, most);
  }

  static Map<String, String> params(JsonNode run) {
    Map<String, String> params = new TreeMap<>();
    for (JsonNode p : run.path("data").path("params")) {
      params.put(p.path("key").asText(), p.path("value").asText());
    }
    return params;
  }

  /**
   * The params worth showing beside a ranking: those whose value differs between the listed runs
   * (what someone comparing them wants to see), or all of them when only one run is listed.
   */
  static List<String> distinguishingParamKeys(List<Map<String, String>> paramsOfRuns) {
    Set<String> keys = new TreeSet<>();
    paramsOfRuns.forEach(p -> keys.addAll(p.keySet()));
    List<String> varying = new ArrayList<>();
    for (String key : keys) {
      long distinct = paramsOfRuns.stream().map(p -> p.getOrDefault(key, "")).distinct().count();
      if (distinct > 1 || paramsOfRuns.size() == 1) {
        varying.add(key);
      }
    }
    return varying;
  }

  static String keyValues(Map<String, String> values, int most) {
    StringJoiner joined = new StringJoiner(" ");
    int shown = 0;
    for (var e : values.entrySet()) {
      if (shown++ == most) {
        joined.add("…");
        break;
      }
      joined.add(e.getKey() + "=" + e.getValue());
    }
    return joined.length() == 0 ? "-" : joined.toString();
  }
}
