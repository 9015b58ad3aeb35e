package io.galley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.galley.client.GalleyClient;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code galley models}: the model registry, through the server's MLflow registry API. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List registered models, show a version's lineage, move aliases.",
    subcommands = {ModelsCommand.Ls.class, ModelShowCommand.class, ModelsCommand.Alias.class})
final class ModelsCommand {
  private static final int DESCRIPTION_WIDTH = 40;

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List registered models.")
  static final class Ls implements Callable<Integer> {
    /** MLflow's default page of {@code registered-models/search}. */
    static final int PAGE = 100;

    @Mixin TrackingOptions tracking;

    @Option(
        names = "--filter",
        defaultValue = "",
        description = "MLflow filter, e.g. \"name LIKE 'iris%%'\".")
    String filter = "";

    @Option(
        names = {"-n", "--max-results"},
        description = "At most this many models (default: all).")
    @Nullable Integer maxResults;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (maxResults != null && maxResults < 1) {
        throw new CliUsageException("-n must be at least 1, got " + maxResults);
      }
      GalleyClient client = tracking.client();
      ArrayNode models = new ObjectMapper().createArrayNode();
      String pageToken = null;
      do {
        int page = maxResults == null ? PAGE : Math.min(PAGE, maxResults - models.size());
        JsonNode answer = ApiTrees.tree(client.searchRegisteredModels(filter, page, pageToken));
        answer.path("registered_models").forEach(models::add);
        pageToken = answer.path("next_page_token").asText(null);
      } while (pageToken != null
          && !pageToken.isEmpty()
          && (maxResults == null || models.size() < maxResults));
      var out = spec.commandLine().getOut();
      if (tracking.format == TrackingOptions.OutputFormat.json) {
        out.println(models.toPrettyString());
        out.flush();
        return 0;
      }
      TextTable table =
          new TextTable("NAME", "LATEST VERSION", "ALIASES", "UPDATED", "DESCRIPTION");
      for (JsonNode m : models) {
        table.row(
            m.path("name").asText(),
            latestVersion(m.path("latest_versions")),
            aliases(m.path("aliases")),
            Formats.time(m.path("last_updated_timestamp")),
            shorten(m.path("description").asText("")));
      }
      table.print(out);
      return 0;
    }

    /** The highest of the latest versions per stage, which is the model's latest version. */
    private static String latestVersion(JsonNode latestVersions) {
      long highest = 0;
      for (JsonNode v : latestVersions) {
        highest = Math.max(highest, v.path("version").asLong());
      }
      return highest == 0 ? "-" : Long.toString(highest);
    }

    private static String aliases(JsonNode aliases) {
      Map<String, String> byName = new TreeMap<>();
      aliases.forEach(a -> byName.put(a.path("alias").asText(), a.path("version").asText()));
      StringJoiner joined = new StringJoiner(", ");
      byName.forEach((alias, version) -> joined.add(alias + "=" + version));
      return byName.isEmpty() ? "-" : joined.toString();
    }
  }

  @Command(
      name = "alias",
      mixinStandardHelpOptions = true,
      description =
          "Point a model's alias at a version (moving it if it pointed elsewhere), or remove it"
              + " with --delete.")
  static final class Alias implements Callable<Integer> {
    @Mixin TrackingOptions tracking;

    @Option(names = "--delete", description = "Remove the alias instead (no VERSION).")
    boolean delete;

    @Parameters(index = "0", paramLabel = "NAME", description = "Registered model name.")
    String name;

    @Parameters(index = "1", paramLabel = "ALIAS", description = "Alias, e.g. champion.")
    String alias;

    @Parameters(
        index = "2",
        arity = "0..1",
        paramLabel = "VERSION",
        description = "Version number the alias points to.")
    @Nullable String version;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<String, Object> result = new TreeMap<>(Map.of("name", name, "alias", alias));
      String said;
      if (delete) {
        if (version != null) {
          throw new CliUsageException("--delete takes NAME ALIAS only, got VERSION " + version);
        }
        tracking.client().deleteModelAlias(name, alias);
        said = "Deleted alias '" + alias + "' of model '" + name + "'.";
      } else {
        long number = versionNumber();
        tracking.client().setModelAlias(name, alias, number);
        result.put("version", Long.toString(number));
        said =
            "Alias '" + alias + "' of model '" + name + "' now points to version " + number + ".";
      }
      var out = spec.commandLine().getOut();
      out.println(
          tracking.format == TrackingOptions.OutputFormat.json
              ? new ObjectMapper().valueToTree(result).toPrettyString()
              : said);
      out.flush();
      return 0;
    }

    private long versionNumber() {
      if (version == null) {
        throw new CliUsageException("Missing VERSION: galley models alias NAME ALIAS VERSION");
      }
      try {
        long number = Long.parseLong(version);
        if (number >= 1) {
          return number;
        }
      } catch (NumberFormatException e) {
        // the usage error below says what is wanted
      }
      throw new CliUsageException("VERSION must be a version number (1, 2, ...), got " + version);
    }
  }

  /** One line of at most {@link #DESCRIPTION_WIDTH} characters for a table cell. */
  static String shorten(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    if (line.isEmpty()) {
      return "-";
    }
    return line.length() <= DESCRIPTION_WIDTH
        ? line
        : line.substring(0, DESCRIPTION_WIDTH - 1).stripTrailing() + "…";
  }
}
