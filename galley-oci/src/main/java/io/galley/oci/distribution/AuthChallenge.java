package io.galley.oci.distribution;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code WWW-Authenticate} challenge (RFC 7235): its scheme, lower-cased ({@code bearer}, {@code
 * basic}), and its parameters ({@code realm}, {@code service}, {@code scope}). Quoted values keep
 * their commas: Docker's scope {@code "repository:a/b:pull,push"} is one value.
 */
record AuthChallenge(String scheme, Map<String, String> params) {
  AuthChallenge {
    params = Map.copyOf(params);
  }

  /** The first challenge in a header value; empty when it names no scheme. */
  static Optional<AuthChallenge> parse(String header) {
    String value = header.strip();
    int space = value.indexOf(' ');
    String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
    if (scheme.isEmpty() || !scheme.chars().allMatch(c -> c > ' ' && c != '=' && c != ',')) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    int i = space < 0 ? value.length() : space + 1;
    while (i < value.length()) {
      while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == ',')) {
        i++;
      }
      int eq = value.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String key = value.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      i = eq + 1;
      StringBuilder v = new StringBuilder();
      if (i < value.length() && value.charAt(i) == '"') {
        i++;
        while (i < value.length() && value.charAt(i) != '"') {
          char c = value.charAt(i++);
          if (c == '\\' && i < value.length()) {
            c = value.charAt(i++);
          }
          v.append(c);
        }
        i++; // the closing quote
      } else {
        while (i < value.length() && value.charAt(i) != ',') {
          v.append(value.charAt(i++));
        }
      }
      params.putIfAbsent(key, v.toString().strip());
    }
    return Optional.of(new AuthChallenge(scheme, params));
  }

  String param(String key) {
    return params.getOrDefault(key, "");
  }
}
