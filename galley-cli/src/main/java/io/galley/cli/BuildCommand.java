package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code galley build MODEL_URI -t REPO[:TAG]}: the server builds the model version's image into
 * its own registry, with no Docker daemon; this verb draws the build's progress from the events the
 * server streams, then says how to run the image.
 */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = {
      "Build a model version into a runnable image in Galley's registry, without a Docker daemon.",
      "The image serves the model on port 8080 (env PORT): docker run --network host"
          + " HOST:PORT/REPO:TAG."
    })
final class BuildCommand implements Callable<Integer> {
  @Mixin TrackingOptions tracking;

  @Parameters(paramLabel = "MODEL_URI", description = "models:/NAME@ALIAS or models:/NAME/VERSION.")
  String modelUri;

  @Option(
      names = {"-t", "--tag"},
      required = true,
      paramLabel = "REPO[:TAG]",
      description = "The image's repository and tag in Galley's registry (tag: latest).")
  String reference;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ModelResolver.parse(modelUri);
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    JsonNode image = tracking.client().buildImage(modelUri, reference, e -> progress(err, e));
    URI server = tracking.uri();
    String ref =
        server.getHost()
            + (server.getPort() < 0 ? "" : ":" + server.getPort())
            + "/"
            + image.path("repository").asText()
            + ":"
            + image.path("tag").asText();
    if (tracking.format == TrackingOptions.OutputFormat.json) {
      out.println(image.toPrettyString());
    } else {
      out.printf(
          "Built %s (%s, %s) in %.1f s%n",
          ref,
          image.path("digest").asText(),
          GcCommand.bytes(image.path("size").asLong()),
          (System.nanoTime() - started) / 1e9);
      out.println("Run it: docker run --rm --network host " + ref);
    }
    out.flush();
    return 0;
  }

  private static void progress(PrintWriter err, JsonNode e) {
    switch (e.path("event").asText()) {
      case "layer_started" ->
          err.printf(
              "Layer %d/%d: %s%n",
              e.path("index").asInt() + 1, e.path("count").asInt(), e.path("created_by").asText());
      case "layer_written" ->
          err.printf(
              "  written: %s, %s in %d ms%n",
              short12(e.path("digest").asText()),
              GcCommand.bytes(e.path("size").asLong()),
              e.path("millis").asLong());
      case "layer_reused" ->
          err.printf(
              "  reused: %s, %s (written by an earlier build)%n",
              short12(e.path("digest").asText()), GcCommand.bytes(e.path("size").asLong()));
      case "blob_stored" ->
          err.printf(
              "  %s %s (%s)%n",
              e.path("present").asBoolean() ? "already stored" : "stored",
              short12(e.path("digest").asText()),
              GcCommand.bytes(e.path("size").asLong()));
      default -> {
        // manifest_stored and image are said once, at the end
      }
    }
    err.flush();
  }

  private static String short12(String digest) {
    int colon = digest.indexOf(':');
    String hex = colon < 0 ? digest : digest.substring(colon + 1);
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }
}
