package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.GalleyApiException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code galley pull REF}: the server copies an image from any registry into its own, and this
 * prints what it does as {@code docker pull} does without a terminal: a line per layer as it waits,
 * downloads and completes, then the digest and the {@code Status:} line.
 */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = {
      "Pull an image from a registry into the server's registry, as docker pull does into"
          + " docker's store. The server signs in with its user's ~/.docker/config.json.",
      "The image is then at SERVER/REGISTRY/REPO:TAG (a port's colon as a dash), e.g."
          + " 127.0.0.1:7070/docker.io/library/busybox:1.36; an interrupted pull resumes where it"
          + " stopped."
    })
final class PullCommand implements Callable<Integer> {
  @Mixin TrackingOptions tracking;

  @Parameters(index = "0", paramLabel = "REF", description = "[REGISTRY/]REPO[:TAG][@DIGEST]")
  String reference = "";

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description = "Of an index, pull this platform only (default: every platform it lists).")
  @Nullable String platform;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the image's reference.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean json = tracking.format == TrackingOptions.OutputFormat.json;
    // With --format json stdout holds the one JSON document, so no progress lines go there.
    PullLines lines = new PullLines(out, quiet || json);
    JsonNode image;
    try {
      image = tracking.client().pullImage(reference, platform, lines::accept);
    } catch (GalleyApiException e) {
      if (!e.jsonAnswer()) {
        throw e; // not Galley answering: the handler says what to check
      }
      out.flush();
      // docker's wording: the daemon (here the server) refused.
      err.println("Error response from daemon: " + e.getMessage());
      err.flush();
      return 1;
    }
    String source = image.path("source").asText();
    if (json) {
      out.println(image.toPrettyString());
    } else {
      if (!quiet) {
        out.println("Digest: " + image.path("digest").asText());
        out.println(
            "Status: "
                + (lines.movedNothing()
                    ? "Image is up to date for "
                    : "Downloaded newer image for ")
                + reference);
      }
      out.println(source);
    }
    out.flush();
    return 0;
  }

  /** docker pull's lines without a terminal, from the server's events. */
  static final class PullLines {
    private final PrintWriter out;
    private final boolean quiet;
    private final Map<String, Long> layers = new LinkedHashMap<>();
    private boolean moved;

    PullLines(PrintWriter out, boolean quiet) {
      this.out = out;
      this.quiet = quiet;
    }

    boolean movedNothing() {
      return !moved;
    }

    void accept(JsonNode e) {
      String digest = e.path("digest").asText();
      boolean layer = e.path("media_type").asText().contains("layer");
      switch (e.path("event").asText()) {
        case "resolved" -> {
          String source = e.path("source").asText();
          String tag = e.path("tag").asText(source.substring(source.indexOf('@') + 1));
          say(tag + ": Pulling from " + path(source));
        }
        case "blob_waiting" -> {
          if (layer && layers.putIfAbsent(digest, e.path("size").asLong()) == null) {
            say(BuildCommand.short12(digest) + ": Waiting");
          }
        }
        case "blob_progress" -> {
          if (layer && e.path("bytes").asLong() == e.path("size").asLong()) {
            say(BuildCommand.short12(digest) + ": Verifying Checksum");
            say(BuildCommand.short12(digest) + ": Download complete");
          }
        }
        case "blob_done" -> {
          boolean present = e.path("present").asBoolean();
          moved |= !present;
          if (layer) {
            say(BuildCommand.short12(digest) + (present ? ": Already exists" : ": Pull complete"));
          }
        }
        default -> {
          // manifest_stored and image: the digest and Status lines come at the end
        }
      }
    }

    private void say(String line) {
      if (!quiet) {
        out.println(line);
        out.flush();
      }
    }

    /** docker's "Pulling from" names the repository without its registry. */
    private static String path(String source) {
      String rest = source.substring(source.indexOf('/') + 1);
      int end = rest.indexOf('@') >= 0 ? rest.indexOf('@') : rest.length();
      int colon = rest.lastIndexOf(':', end);
      return rest.substring(0, colon > rest.lastIndexOf('/') ? colon : end);
    }
  }
}
