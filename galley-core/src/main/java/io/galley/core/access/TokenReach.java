package io.galley.core.access;

import io.galley.core.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a narrowed token may reach, within its user's permissions: these experiments (by id),
 * registered models (by name) and image repositories (by pattern), nothing else. A token that is
 * not narrowed has no reach of its own (null where one is expected): its user's permissions alone
 * decide.
 */
public record TokenReach(
    List<String> experiments, List<String> models, List<RepositoryPattern> repositories) {
  public static final int MAX_ITEMS = 100;

  public TokenReach {
    experiments = List.copyOf(experiments);
    models = List.copyOf(models);
    repositories = List.copyOf(repositories);
    if (experiments.size() + models.size() + repositories.size() > MAX_ITEMS) {
      throw new InvalidRequestException(
          "A token may be narrowed to at most " + MAX_ITEMS + " experiments, models and patterns");
    }
    if (experiments.isEmpty() && models.isEmpty() && repositories.isEmpty()) {
      throw new InvalidRequestException(
          "A narrowed token needs at least one experiment, model or repository pattern");
    }
    for (String m : models) {
      if (m.isEmpty() || m.indexOf('\n') >= 0 || m.indexOf('\t') >= 0) {
        throw new InvalidRequestException("Invalid model name in a token's reach: '" + m + "'");
      }
    }
    for (String e : experiments) {
      if (!e.matches("\\d{1,19}")) {
        throw new InvalidRequestException("Invalid experiment id in a token's reach: '" + e + "'");
      }
    }
  }

  /** Whether the token reaches {@code resource}. */
  public boolean covers(Resource resource) {
    return switch (resource.kind()) {
      case EXPERIMENT -> experiments.contains(resource.id());
      case REGISTERED_MODEL -> models.contains(resource.id());
    };
  }

  /** Whether the token reaches repository {@code name}. */
  public boolean coversRepository(String name) {
    return repositories.stream().anyMatch(p -> p.matches(name));
  }

  /** One {@code kind<TAB>value} line per item, as the store keeps it. */
  public String encode() {
    StringBuilder out = new StringBuilder();
    experiments.forEach(e -> out.append("experiment\t").append(e).append('\n'));
    models.forEach(m -> out.append("model\t").append(m).append('\n'));
    repositories.forEach(r -> out.append("repositories\t").append(r.value()).append('\n'));
    return out.toString();
  }

  public static TokenReach decode(String encoded) {
    List<String> experiments = new ArrayList<>();
    List<String> models = new ArrayList<>();
    List<RepositoryPattern> repositories = new ArrayList<>();
    for (String line : encoded.split("\n")) {
      int tab = line.indexOf('\t');
      if (tab < 0) {
        continue;
      }
      String value = line.substring(tab + 1);
      switch (line.substring(0, tab)) {
        case "experiment" -> experiments.add(value);
        case "model" -> models.add(value);
        case "repositories" -> repositories.add(new RepositoryPattern(value));
        default -> {}
      }
    }
    return new TokenReach(experiments, models, repositories);
  }
}
