package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.galley.client.GalleyApiException;
import io.galley.client.GalleyClient;
import io.galley.client.mlflow.FileInfoJson;
import io.galley.core.artifact.ArtifactPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code galley artifacts}: a run's files, through the server's artifact API. */
@Command(
    name = "artifacts",
    mixinStandardHelpOptions = true,
    description = "List, download, upload and delete a run's artifacts.",
    subcommands = {
      ArtifactsCommand.Ls.class,
      ArtifactsCommand.Get.class,
      ArtifactsCommand.Put.class,
      ArtifactsCommand.Rm.class
    })
final class ArtifactsCommand {

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List a run's artifacts.")
  static final class Ls implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id.")
    String runId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "Directory.")
    String path = "";

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode files = ApiTrees.tree(tracking.client().listArtifacts(runId, path)).path("files");
      var out = spec.commandLine().getOut();
      if (tracking.format == TrackingOptions.OutputFormat.json) {
        out.println(files.toPrettyString());
        out.flush();
        return 0;
      }
      TextTable table = new TextTable("PATH", "TYPE", "SIZE");
      for (JsonNode f : files) {
        boolean dir = f.path("is_dir").asBoolean();
        table.row(
            f.path("path").asText() + (dir ? "/" : ""),
            dir ? "dir" : "file",
            dir ? "-" : f.path("file_size").asText());
      }
      table.print(out);
      return 0;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Download an artifact file, or a directory with everything below it.")
  static final class Get implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id.")
    String runId;

    @Parameters(index = "1", paramLabel = "PATH", description = "File or directory.")
    String path;

    @Option(
        names = {"-o", "--output"},
        description = "Where to write (default: the path's last part, in this directory).")
    Path output;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      GalleyClient client = tracking.client();
      String name = path.substring(path.lastIndexOf('/') + 1);
      Path dest = output != null ? output : Path.of(name.isEmpty() ? "artifacts" : name);
      // A directory lists its contents; a file lists nothing (as in MLflow), so it is fetched
      // as one file, and the server says when nothing is there.
      List<String> files = new ArrayList<>();
      collect(client, runId, path, files);
      if (files.isEmpty()) {
        client.downloadArtifact(runId, path, dest);
        files.add(path);
      } else {
        for (String file : files) {
          client.downloadArtifact(runId, file, dest.resolve(relative(path, file)));
        }
      }
      var out = spec.commandLine().getOut();
      out.println(
          "Downloaded " + files.size() + (files.size() == 1 ? " file" : " files") + " to " + dest);
      out.flush();
      return 0;
    }

    private static String relative(String dir, String file) {
      return dir.isEmpty() ? file : file.substring(dir.length() + 1);
    }
  }

  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description = "Upload a file, or a directory's contents, into a run's artifacts.")
  static final class Put implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id.")
    String runId;

    @Parameters(index = "1", paramLabel = "FILE_OR_DIR", description = "What to upload.")
    Path source;

    @Parameters(
        index = "2",
        arity = "0..1",
        paramLabel = "PATH",
        description = "Directory in the run's artifacts (default: the root).")
    String path = "";

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (!Files.exists(source)) {
        throw new CliUsageException("No such file or directory: " + source);
      }
      GalleyClient client = tracking.client();
      String artifactUri = client.getRun(runId).info().artifactUri();
      // Checked here too, so that a bad target fails before anything is sent.
      ArtifactPath base = ArtifactPath.parse(path.replaceAll("/+$", ""));
      String prefix = base.isRoot() ? "" : base + "/";
      int count = 0;
      if (Files.isDirectory(source)) {
        // As MLflow's log_artifacts: the directory's contents go under PATH.
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
          files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
          String rel = source.relativize(file).toString().replace('\\', '/');
          upload(client, artifactUri, prefix + rel, file);
          count++;
        }
      } else {
        // As MLflow's log_artifact: the file keeps its name, under PATH.
        upload(client, artifactUri, prefix + source.getFileName(), source);
        count = 1;
      }
      var out = spec.commandLine().getOut();
      out.println("Uploaded " + count + (count == 1 ? " file" : " files") + " to run " + runId);
      out.flush();
      return 0;
    }

    private static void upload(GalleyClient client, String artifactUri, String path, Path file) {
      client.putArtifact(proxyPath(artifactUri, path), file);
    }
  }

  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = "Delete an artifact file, or a directory with everything below it.")
  static final class Rm implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id.")
    String runId;

    @Parameters(index = "1", paramLabel = "PATH", description = "File or directory.")
    String path;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ArtifactPath target = ArtifactPath.parse(path.replaceAll("/+$", ""));
      if (target.isRoot()) {
        throw new CliUsageException(
            "Name a file or directory to delete; the run's whole artifact tree is not deleted"
                + " by one command");
      }
      GalleyClient client = tracking.client();
      String artifactUri = client.getRun(runId).info().artifactUri();
      List<String> files = new ArrayList<>();
      collect(client, runId, target.value(), files);
      if (files.isEmpty() && !isFile(client, target.value())) {
        throw new CliFailureException(
            "Run " + runId + " has no artifact '" + target + "' (galley artifacts ls lists them)");
      }
      int count = Math.max(files.size(), 1);
      client.deleteArtifact(proxyPath(artifactUri, target.value()));
      var out = spec.commandLine().getOut();
      out.println(
          "Deleted "
              + count
              + (count == 1 ? " file" : " files")
              + " ("
              + target
              + ") from run "
              + runId);
      out.flush();
      return 0;
    }

    /** A file lists nothing (as in MLflow), so it is looked up in its directory's listing. */
    private boolean isFile(GalleyClient client, String file) {
      int slash = file.lastIndexOf('/');
      String dir = slash < 0 ? "" : file.substring(0, slash);
      return client.listArtifacts(runId, dir).files().stream()
          .anyMatch(f -> !f.isDir() && f.path().equals(file));
    }
  }

  /** Every file at or below {@code dir}, by walking the listing. */
  static void collect(GalleyClient client, String runId, String dir, List<String> files) {
    for (FileInfoJson f : client.listArtifacts(runId, dir).files()) {
      String child = f.path();
      if (f.isDir()) {
        collect(client, runId, child, files);
      } else {
        files.add(child);
      }
    }
  }

  /**
   * Where {@code path} of the artifact tree at {@code artifactUri} (an {@code
   * mlflow-artifacts:/...} URI, served by the tracking server's artifact proxy) is,
   * percent-encoded, for the proxy's PUT and DELETE.
   */
  private static String proxyPath(String artifactUri, String path) {
    String prefix = "mlflow-artifacts:/";
    if (!artifactUri.startsWith(prefix)) {
      throw new GalleyApiException(
          400,
          "UNSUPPORTED_ARTIFACT_URI",
          "This run's artifacts live at "
              + artifactUri
              + ", which the tracking server does not serve");
    }
    String target = artifactUri.substring(prefix.length()).replaceAll("^/+", "") + "/" + path;
    try {
      return new URI(null, null, target, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new CliUsageException("Cannot use artifact path '" + path + "': " + e.getMessage());
    }
  }
}
