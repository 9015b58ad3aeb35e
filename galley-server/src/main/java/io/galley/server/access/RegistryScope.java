package io.galley.server.access;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One resource scope of Docker's token flow ({@code distribution/distribution}'s {@code
 * docs/spec/auth/scope.md}): {@code repository:samalba/my-app:pull,push}, {@code
 * registry:catalog:*}. A repository name may hold a {@code host:port}, so the type ends at the
 * first colon and the actions start after the last; a resource class ({@code repository(plugin)})
 * is deprecated and dropped.
 */
public record RegistryScope(String type, String name, Set<String> actions) {
  public static final String REPOSITORY = "repository";
  public static final String REGISTRY = "registry";
  private static final int MAX_LENGTH = 512;

  public RegistryScope {
    requireNonNull(type, "type");
    requireNonNull(name, "name");
    actions = Set.copyOf(actions);
  }

  public static RegistryScope repository(String name, Set<String> actions) {
    return new RegistryScope(REPOSITORY, name, actions);
  }

  /** The scope {@code text} names; {@code INVALID_PARAMETER_VALUE} when it is not one. */
  public static RegistryScope parse(String text) {
    int first = text.indexOf(':');
    int last = text.lastIndexOf(':');
    if (text.length() > MAX_LENGTH || first <= 0 || last <= first + 1) {
      throw new InvalidRequestException(
          "Invalid scope: use TYPE:NAME:ACTION[,ACTION], e.g. repository:team/model:pull,push");
    }
    String type = text.substring(0, first);
    int paren = type.indexOf('(');
    if (paren > 0 && type.endsWith(")")) {
      type = type.substring(0, paren);
    }
    Set<String> actions = new LinkedHashSet<>();
    for (String action : text.substring(last + 1).split(",", -1)) {
      if (!action.matches("[a-z*]+")) {
        throw new InvalidRequestException("Invalid scope action '" + action + "' in " + text);
      }
      actions.add(action);
    }
    return new RegistryScope(type, text.substring(first + 1, last), actions);
  }

  /** Every scope in the space-separated {@code texts}, as the token endpoint's GET repeats them. */
  public static List<RegistryScope> parseAll(List<String> texts) {
    return texts.stream()
        .flatMap(t -> java.util.Arrays.stream(t.split(" ")))
        .filter(t -> !t.isBlank())
        .map(RegistryScope::parse)
        .toList();
  }

  /** Whether it allows {@code action}; {@code *} allows every action. */
  public boolean allows(String action) {
    return actions.contains(action) || actions.contains("*");
  }

  /** The same scope with only the actions in {@code allowed}, or empty when none is left. */
  public Optional<RegistryScope> narrowedTo(Set<String> allowed) {
    Set<String> kept = new LinkedHashSet<>(actions);
    kept.retainAll(allowed);
    return kept.isEmpty() ? Optional.empty() : Optional.of(new RegistryScope(type, name, kept));
  }

  /** As Docker writes it, actions in a fixed order. */
  public String format() {
    return type + ":" + name + ":" + String.join(",", actions.stream().sorted().toList());
  }
}
