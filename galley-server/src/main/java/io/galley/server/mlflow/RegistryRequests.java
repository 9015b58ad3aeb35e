package io.galley.server.mlflow;

import static io.galley.server.mlflow.ExperimentRoutes.clampToInt;
import static io.galley.server.mlflow.ExperimentRoutes.emptyToNull;

import io.galley.core.InvalidRequestException;
import io.galley.core.registry.RegistrySearch;
import java.util.regex.Pattern;

/** Request fields the registry's endpoints share: version numbers and search messages. */
final class RegistryRequests {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  private RegistryRequests() {}

  /**
   * The required {@code version}: a string on the wire (the proto's type) holding an integer, as
   * MLflow's {@code int(version)} reads it (surrounding blanks and a sign allowed), refused with
   * MLflow's message otherwise.
   */
  static long version(RequestFields in) {
    String text = in.requiredString("version");
    String digits = text.strip();
    if (INTEGER.matcher(digits).matches()) {
      try {
        return Long.parseLong(digits.startsWith("+") ? digits.substring(1) : digits);
      } catch (NumberFormatException e) {
        // too many digits: refused below like any other non-version
      }
    }
    throw new InvalidRequestException(
        "Model version must be an integer, got '" + abbreviate(text) + "'");
  }

  /**
   * A {@code SearchRegisteredModels} or {@code SearchModelVersions} message; the store checks the
   * filter, order-by clauses and page size against MLflow's rules.
   */
  static RegistrySearch search(RequestFields in, int defaultMaxResults) {
    Long max = in.int64("max_results");
    String filter = in.string("filter");
    return new RegistrySearch(
        filter == null ? "" : filter,
        in.strings("order_by"),
        max == null ? defaultMaxResults : clampToInt(max),
        emptyToNull(in.string("page_token")));
  }

  private static String abbreviate(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "...";
  }
}
