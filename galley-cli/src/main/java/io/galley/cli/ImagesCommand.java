package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.oci.name.OciReference;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code galley images}: the images in the server's registry, built, pushed and pulled alike, in
 * {@code docker images}' columns and words (docker/cli's formatter and go-units' human sizes and
 * durations are the reference).
 */
@Command(
    name = "images",
    mixinStandardHelpOptions = true,
    description = {
      "List the images in the server's registry, as docker images lists docker's: built, pushed"
          + " and pulled images alike. A pulled image shows the name it was pulled by.",
      "SIZE is what the registry stores for the image (its layers as pushed, compressed)."
    })
final class ImagesCommand implements Callable<Integer> {
  /** A pulled image's repository starts with its registry, a port's colon made a dash. */
  private static final Pattern PULLED_WITH_PORT =
      Pattern.compile(
          "^([a-z0-9.-]+\\.[a-z0-9-]+|localhost|\\d+\\.\\d+\\.\\d+\\.\\d+)-(\\d{1,5})/");

  private static final String DOCKER_HUB = OciReference.DOCKER_HUB + "/";
  private static final String OFFICIAL = "library/";

  @Mixin TrackingOptions tracking;

  @Option(
      names = {"-q", "--quiet"},
      description = "Only the image IDs.")
  boolean quiet;

  @Option(names = "--digests", description = "Show the manifest digests.")
  boolean digests;

  @Option(names = "--no-trunc", description = "Do not shorten the image IDs.")
  boolean noTrunc;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode answer = tracking.client().listImages();
    PrintWriter out = spec.commandLine().getOut();
    List<JsonNode> images = new ArrayList<>();
    for (JsonNode image : answer.path("images")) {
      if (!image.hasNonNull("artifact_type")) {
        images.add(image); // docker images shows images, not artifacts
      }
    }
    if (tracking.format == TrackingOptions.OutputFormat.json) {
      for (JsonNode image : images) {
        out.println(image.toString());
      }
      out.flush();
      return 0;
    }
    if (quiet) {
      Set<String> ids = new LinkedHashSet<>();
      images.forEach(i -> ids.add(id(i.path("id").asText())));
      ids.forEach(out::println);
      out.flush();
      return 0;
    }
    TextTable table =
        digests
            ? new TextTable("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
            : new TextTable("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
    table.minWidth(10);
    Instant now = Instant.now();
    for (JsonNode image : images) {
      String repository = shownRepository(image.path("repository").asText());
      String tag = image.path("tag").asText();
      String id = id(image.path("id").asText());
      String created = created(image.path("created").asText(null), now);
      String size = humanSize(image.path("size").asLong());
      if (digests) {
        table.row(repository, tag, image.path("digest").asText(), id, created, size);
      } else {
        table.row(repository, tag, id, created, size);
      }
    }
    table.print(out);
    return 0;
  }

  private String id(String digest) {
    if (noTrunc) {
      return digest;
    }
    return BuildCommand.short12(digest);
  }

  /**
   * The name docker would show: {@code busybox} for {@code docker.io/library/busybox}, {@code
   * 127.0.0.1:5000/team/app} for the repository {@code 127.0.0.1-5000/team/app} a pull made.
   */
  static String shownRepository(String repository) {
    if (repository.startsWith(DOCKER_HUB)) {
      String path = repository.substring(DOCKER_HUB.length());
      return path.startsWith(OFFICIAL) ? path.substring(OFFICIAL.length()) : path;
    }
    Matcher m = PULLED_WITH_PORT.matcher(repository);
    if (m.find()) {
      return m.group(1) + ":" + m.group(2) + "/" + repository.substring(m.end());
    }
    return repository;
  }

  /** docker's CREATED: go-units' HumanDuration and " ago"; "N/A" when the image has no date. */
  static String created(@Nullable String created, Instant now) {
    if (created == null || created.isEmpty()) {
      return "N/A";
    }
    Instant at;
    try {
      at = Instant.parse(created);
    } catch (DateTimeParseException e) {
      return "N/A";
    }
    return humanDuration(Duration.between(at, now)) + " ago";
  }

  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < 1) {
      return "Less than a second";
    }
    if (seconds == 1) {
      return "1 second";
    }
    if (seconds < 60) {
      return seconds + " seconds";
    }
    long minutes = d.toMinutes();
    if (minutes == 1) {
      return "About a minute";
    }
    if (minutes < 60) {
      return minutes + " minutes";
    }
    long hours = Math.round(d.toSeconds() / 3600.0);
    if (hours == 1) {
      return "About an hour";
    }
    if (hours < 48) {
      return hours + " hours";
    }
    if (hours < 24 * 7 * 2) {
      return hours / 24 + " days";
    }
    if (hours < 24 * 30 * 2) {
      return hours / 24 / 7 + " weeks";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 / 30 + " months";
    }
    return hours / 24 / 365 + " years";
  }

  /** go-units' HumanSizeWithPrecision(size, 3): decimal units, three significant digits. */
  static String humanSize(long bytes) {
    String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    double size = bytes;
    int i = 0;
    while (size >= 1000 && i < units.length - 1) {
      size /= 1000;
      i++;
    }
    return goG3(size) + units[i];
  }

  /** Go's %.3g: three significant digits, trailing zeros dropped. */
  private static String goG3(double v) {
    if (v == 0) {
      return "0";
    }
    String s = String.format(Locale.ROOT, "%.3g", v);
    if (s.contains("e")) {
      return s;
    }
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }
}
