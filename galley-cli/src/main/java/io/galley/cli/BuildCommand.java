package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.core.InvalidRequestException;
import io.galley.oci.distribution.RemoteRegistry;
import io.galley.oci.name.OciReference;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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
      paramLabel = "REPO[:TAG]",
      description =
          "The image's repository and tag in Galley's registry (tag: latest); with --push alone,"
              + " the pushed one's.")
  @Nullable String reference;

  @Option(
      names = "--artifact",
      description =
          "Write a CNCF ModelPack artifact instead of a runnable image: one layer per model file,"
              + " each the file's stored blob, so nothing is copied.")
  boolean artifact;

  @Option(
      names = "--from",
      paramLabel = "REGISTRY/REPO[:TAG][@DIGEST]",
      description =
          "Build on this base instead of Galley's own (it needs Java 17 or newer as 'java' on its"
              + " PATH); the server reads it from its registry, pinned by digest in the labels.")
  @Nullable String from;

  @Option(
      names = "--push",
      paramLabel = "REGISTRY/REPO[:TAG]",
      description =
          "Also push the image to another registry, signed in as docker would be"
              + " (~/.docker/config.json: auths, credsStore, credHelpers).")
  @Nullable String push;

  @Option(
      names = "--plain-http",
      description = "Let --push use plain HTTP off loopback (loopback may always fall back to it).")
  boolean plainHttp;

  @Option(
      names = "--oci-layout",
      paramLabel = "DIR",
      description = "Also write the image into an OCI image layout directory.")
  @Nullable Path ociLayout;

  @Option(
      names = "--context",
      paramLabel = "DIR",
      description =
          "Also write a Docker build context (a Dockerfile FROM the base pinned by digest, and the"
              + " image's own files) that docker build DIR turns into the same image.")
  @Nullable Path context;

  @Option(
      names = "--tar",
      paramLabel = "FILE",
      description = "Also write the image as an archive for docker load / podman load.")
  @Nullable Path tar;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ModelResolver.parse(modelUri);
    OciReference target = push == null ? null : parsePush(push);
    String tagged = reference != null ? reference : target == null ? null : pushedName(target);
    if (tagged == null) {
      throw new CliUsageException(
          "Missing required option: '--tag=REPO[:TAG]' (or --push REGISTRY/REPO[:TAG])");
    }
    if (tar != null && !Files.isDirectory(ImageExports.directoryOf(tar))) {
      throw new CliUsageException("--tar: the directory of " + tar + " does not exist");
    }
    if (from != null) {
      try {
        OciReference.parse(from);
      } catch (InvalidRequestException e) {
        throw new CliUsageException("--from: " + e.getMessage());
      }
    }
    if (artifact && from != null) {
      throw new CliUsageException(
          "--artifact and --from do not go together: an artifact has no base");
    }
    if (context != null && Files.exists(context)) {
      try (var entries = Files.list(context)) {
        if (entries.findAny().isPresent()) {
          throw new CliUsageException("--context: " + context + " is not empty");
        }
      } catch (java.io.IOException e) {
        throw new CliUsageException("--context: cannot read " + context + ": " + e.getMessage());
      }
    }
    if (artifact && (push != null || ociLayout != null || tar != null || context != null)) {
      throw new CliUsageException(
          "--artifact writes to Galley's registry only (no --push, --tar, --oci-layout or --context);"
              + " copy it on with skopeo or oras");
    }
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    // Asked before building, so a target that cannot be reached or refuses costs no build.
    RemoteRegistry pushTo = target == null ? null : ImageExports.signedIn(target, plainHttp);
    JsonNode image =
        artifact
            ? tracking.client().buildModelPack(modelUri, tagged, e -> progress(err, e))
            : tracking.client().buildImage(modelUri, tagged, from, e -> progress(err, e));
    String ref = tracking.imageRef(image);
    String digest = image.path("digest").asText();
    if (pushTo != null || ociLayout != null || tar != null || context != null) {
      ImageExports exports =
          new ImageExports(tracking.imageRegistry(), OciReference.parse(ref), digest, err);
      if (pushTo != null && target != null) {
        exports.push(pushTo, target);
      }
      if (ociLayout != null) {
        exports.ociLayout(ociLayout, image.path("tag").asText());
      }
      if (tar != null) {
        exports.archive(tar, ref);
      }
      if (context != null) {
        exports.context(context, tracking.registryHost(), "Made by galley build " + modelUri);
      }
    }
    if (tracking.format == TrackingOptions.OutputFormat.json) {
      out.println(image.toPrettyString());
    } else {
      out.printf(
          "Built %s (%s, %s) in %.1f s%n",
          ref,
          digest,
          GcCommand.bytes(image.path("size").asLong()),
          (System.nanoTime() - started) / 1e9);
      if (artifact) {
        out.println("Inspect it: skopeo inspect --raw docker://" + ref);
      } else {
        out.println("Run it: docker run --rm --network host " + ref);
      }
    }
    out.flush();
    return 0;
  }

  private static OciReference parsePush(String value) {
    OciReference parsed;
    try {
      parsed = OciReference.parse(value);
    } catch (InvalidRequestException e) {
      throw new CliUsageException("--push: " + e.getMessage());
    }
    if (parsed.digest() != null) {
      throw new CliUsageException("--push names a tag, not a digest: " + value);
    }
    return parsed;
  }

  private static String pushedName(OciReference target) {
    return target.repository() + ":" + target.tag();
  }

  static void progress(PrintWriter err, JsonNode e) {
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

  /** A digest as docker shows an ID: its first 12 hex digits. */
  static String short12(String digest) {
    int colon = digest.indexOf(':');
    String hex = colon < 0 ? digest : digest.substring(colon + 1);
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }
}
