package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code galley image ...}: the images that {@code galley server} serves at /v2/, grouped as Docker
 * groups them under {@code docker image ...}.
 */
@Command(
    name = "image",
    mixinStandardHelpOptions = true,
    description = "Look after the image registry that galley server serves under /v2/.",
    subcommands = {ImageCommand.Gc.class, CommandLine.HelpCommand.class})
class ImageCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code galley registry ...}, the verb's name before it became {@code image}: hidden from the
   * help, kept so that scripts written for it still run.
   */
  @Command(name = "registry", hidden = true)
  static final class RegistryAlias extends ImageCommand {}

  /** {@code galley image gc}: the server tidies the registry's metadata, then frees blobs. */
  @Command(
      name = "gc",
      mixinStandardHelpOptions = true,
      description = {
        "Forget abandoned uploads, optionally untagged manifests, and layers no manifest of their"
            + " repository uses; then delete blobs that nothing (image, run or model) refers to.",
        "Everything younger than the grace period is kept; so is, until the upload expiry, what a"
            + " push in flight sent and no manifest names yet: pushes lose nothing at any grace."
      })
  static final class Gc implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Option(
        names = "--delete-untagged",
        description =
            "Also delete manifests no tag points at (kept: those an index or a live subject needs).")
    boolean deleteUntagged;

    @Option(
        names = "--grace",
        defaultValue = "1h",
        description = "Keep what changed more recently than this (default ${DEFAULT-VALUE}).")
    String grace = "1h";

    @Option(
        names = "--upload-expiry",
        defaultValue = "1d",
        description =
            "Forget uploads started longer ago than this, and layers and untagged manifests a push"
                + " sent that long ago and never named (default ${DEFAULT-VALUE}).")
    String uploadExpiry = "1d";

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      long graceSeconds = GcCommand.parseGrace(grace).toSeconds();
      long expirySeconds = GcCommand.parseDuration(uploadExpiry, "--upload-expiry").toSeconds();
      JsonNode report =
          ApiTrees.tree(tracking.client().registryGc(deleteUntagged, graceSeconds, expirySeconds));
      var out = spec.commandLine().getOut();
      if (tracking.format == TrackingOptions.OutputFormat.json) {
        out.println(report.toPrettyString());
        out.flush();
        return 0;
      }
      JsonNode blobs = report.path("blobs");
      TextTable table = new TextTable("REGISTRY", "COUNT", "SIZE");
      table.row("expired uploads (forgotten)", report.path("uploads_expired").asText(), "");
      table.row("untagged manifests (deleted)", report.path("manifests_deleted").asText(), "");
      table.row("unused layer links (removed)", report.path("blobs_unlinked").asText(), "");
      table.row("blobs scanned", blobs.path("scanned").asText(), "");
      table.row("blobs referenced (kept)", blobs.path("referenced").asText(), "");
      table.row("blobs younger than " + grace + " (kept)", blobs.path("kept_young").asText(), "");
      table.row("blobs held by an upload (kept)", blobs.path("kept_in_use").asText(), "");
      table.row(
          "blobs unreferenced (deleted)",
          blobs.path("deleted").asText(),
          GcCommand.bytes(blobs.path("bytes_freed").asLong()));
      table.row(
          "temp files of cut-off uploads (deleted)",
          blobs.path("temp_files_reclaimed").asText(),
          GcCommand.bytes(blobs.path("temp_bytes_reclaimed").asLong()));
      table.print(out);
      out.println("Freed " + GcCommand.bytes(blobs.path("bytes_freed").asLong()) + ".");
      out.flush();
      return 0;
    }
  }
}
