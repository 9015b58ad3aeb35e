package io.galley.core.registry;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * A reference to one model version, as users write it: {@code models:/NAME/VERSION}, {@code
 * models:/NAME@ALIAS}, {@code models:/NAME/STAGE} or {@code models:/NAME/latest}, or the same
 * without the {@code models:/} prefix ({@code NAME@ALIAS}, {@code NAME/3}); a bare {@code NAME}
 * means its latest version. Exactly one of {@code version}, {@code alias} and {@code stage} is set,
 * or none for the latest.
 */
public record ModelReference(
    String name, @Nullable Long version, @Nullable String alias, @Nullable ModelStage stage) {

  private static final String SCHEME = "models:/";

  public ModelReference {
    requireNonNull(name, "name");
  }

  public static ModelReference parse(String text) {
    requireNonNull(text, "text");
    String rest = text.startsWith(SCHEME) ? text.substring(SCHEME.length()) : text;
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    int at = rest.lastIndexOf('@');
    int slash = rest.lastIndexOf('/');
    if (at > 0 && at > slash) {
      String alias = rest.substring(at + 1);
      if (alias.isEmpty()) {
        throw invalid(text);
      }
      return new ModelReference(rest.substring(0, at), null, alias, null);
    }
    if (slash < 0) {
      if (rest.isEmpty()) {
        throw invalid(text);
      }
      return new ModelReference(rest, null, null, null);
    }
    String name = rest.substring(0, slash);
    String suffix = rest.substring(slash + 1);
    if (name.isEmpty() || suffix.isEmpty()) {
      throw invalid(text);
    }
    if (suffix.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return new ModelReference(name, Long.parseLong(suffix), null, null);
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
    }
    if (suffix.equalsIgnoreCase("latest")) {
      return new ModelReference(name, null, null, null);
    }
    return new ModelReference(name, null, null, ModelStage.parse(suffix));
  }

  /** The reference in {@code models:/} form. */
  @Override
  public String toString() {
    if (version != null) {
      return SCHEME + name + "/" + version;
    }
    if (alias != null) {
      return SCHEME + name + "@" + alias;
    }
    if (stage != null) {
      return SCHEME + name + "/" + stage.label();
    }
    return SCHEME + name + "/latest";
  }

  private static InvalidRequestException invalid(String text) {
    return new InvalidRequestException(
        "Not a model reference: '"
            + text
            + "'. Use models:/NAME/VERSION, models:/NAME@ALIAS, models:/NAME/STAGE or"
            + " models:/NAME/latest");
  }
}
