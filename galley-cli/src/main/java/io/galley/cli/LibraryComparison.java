package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.GalleyClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A run's libraries beside those of the other runs of its experiment: first what differs (a library
 * another run lacks or has at another version, or one this run lacks), then how many are the same
 * everywhere, so that "which library versions?" is not answered with a hundred lines of jars every
 * run shares. Libraries are the run's {@code galley.env.lib.<name>} tags.
 *
 * @param mine this run's libraries, name to version
 * @param others the other runs that captured libraries, each as name to version
 */
record LibraryComparison(Map<String, String> mine, List<Map<String, String>> others) {
  static final String LIBRARY_TAG = ModelLineage.GALLEY_ENV + "lib.";
  private static final int RUNS_COMPARED = 200;

  LibraryComparison {
    mine = Collections.unmodifiableSortedMap(new TreeMap<>(mine));
    others = others.stream().map(Map::copyOf).toList();
  }

  /** A library whose version is not the same in every run compared. */
  record Difference(String library, String version, String othersHave) {}

  /** The libraries of {@code run} (a runs/get tree) against its experiment's other active runs. */
  static LibraryComparison ofRun(GalleyClient client, JsonNode run) {
    String runId = run.path("info").path("run_id").asText();
    String experimentId = run.path("info").path("experiment_id").asText();
    List<Map<String, String>> others = new ArrayList<>();
    JsonNode runs =
        ApiTrees.tree(client.searchRuns(List.of(experimentId), "", List.of(), RUNS_COMPARED, null))
            .path("runs");
    for (JsonNode other : runs) {
      if (!other.path("info").path("run_id").asText().equals(runId)) {
        Map<String, String> libraries = libraries(other.path("data").path("tags"));
        if (!libraries.isEmpty()) {
          others.add(libraries);
        }
      }
    }
    return new LibraryComparison(libraries(run.path("data").path("tags")), others);
  }

  static Map<String, String> libraries(JsonNode tags) {
    Map<String, String> libraries = new TreeMap<>();
    for (JsonNode t : tags) {
      String key = t.path("key").asText();
      if (key.startsWith(LIBRARY_TAG)) {
        libraries.put(key.substring(LIBRARY_TAG.length()), t.path("value").asText());
      }
    }
    return libraries;
  }

  /** Libraries not the same in every run compared, by name; none when nothing is compared. */
  List<Difference> differences() {
    TreeSet<String> names = new TreeSet<>(mine.keySet());
    others.forEach(o -> names.addAll(o.keySet()));
    List<Difference> differences = new ArrayList<>();
    for (String name : names) {
      String version = mine.get(name);
      TreeMap<String, Integer> elsewhere = new TreeMap<>();
      for (Map<String, String> other : others) {
        elsewhere.merge(Objects.requireNonNullElse(other.get(name), "absent"), 1, Integer::sum);
      }
      boolean same = elsewhere.size() == 1 && elsewhere.containsKey(version);
      if (!same && !elsewhere.isEmpty()) {
        List<String> counted = new ArrayList<>();
        elsewhere.forEach((v, n) -> counted.add(v + " (" + n + (n == 1 ? " run)" : " runs)")));
        differences.add(
            new Difference(
                name, Objects.requireNonNullElse(version, "absent"), String.join(", ", counted)));
      }
    }
    return differences;
  }

  /**
   * The libraries in a table: first those that differ, with what the other runs have, then the
   * rest, marked the same; every library, in two columns, when there is no other run to compare
   * with.
   */
  void print(PrintWriter out) {
    if (mine.isEmpty()) {
      return;
    }
    out.println();
    if (others.isEmpty()) {
      TextTable all = new TextTable("LIBRARY", "VERSION");
      mine.forEach(all::row);
      all.print(out);
      return;
    }
    List<Difference> differences = differences();
    String compared = others.size() == 1 ? "the other run" : "the " + others.size() + " other runs";
    TextTable table = new TextTable("LIBRARY", "VERSION", "IN " + compared.toUpperCase());
    differences.forEach(d -> table.row(d.library(), d.version(), d.othersHave()));
    mine.forEach(
        (name, version) -> {
          if (differences.stream().noneMatch(d -> d.library().equals(name))) {
            table.row(name, version, "same");
          }
        });
    table.print(out);
  }
}
