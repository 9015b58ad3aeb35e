package io.galley.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --name=value} flags. Every flag read is remembered, so that
 * {@link #checkAllUsed()} can refuse a misspelt one instead of silently running with defaults.
 */
final class Flags {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Set<String> used = new HashSet<>();

  private Flags() {}

  static Flags parse(List<String> args) {
    Flags flags = new Flags();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.size()) {
        name = arg.substring(2);
        value = args.get(++i);
      } else {
        throw new UsageException("flag " + arg + " needs a value");
      }
      if (flags.values.put(name, value) != null) {
        throw new UsageException("flag --" + name + " given twice");
      }
    }
    return flags;
  }

  boolean has(String name) {
    used.add(name);
    return values.containsKey(name);
  }

  String string(String name, String fallback) {
    used.add(name);
    return values.getOrDefault(name, fallback);
  }

  String required(String name) {
    used.add(name);
    String value = values.get(name);
    if (value == null || value.isBlank()) {
      throw new UsageException("flag --" + name + " is required");
    }
    return value;
  }

  int integer(String name, int fallback, int min) {
    String raw = string(name, null);
    int value;
    try {
      value = raw == null ? fallback : Integer.parseInt(raw.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("flag --" + name + " wants an integer, got '" + raw + "'");
    }
    if (raw != null && value < min) {
      throw new UsageException("flag --" + name + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  long longValue(String name, long fallback) {
    String raw = string(name, null);
    try {
      return raw == null ? fallback : Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new UsageException("flag --" + name + " wants an integer, got '" + raw + "'");
    }
  }

  List<Integer> integers(String name, String fallback, int min) {
    String raw = string(name, fallback);
    List<Integer> out = new ArrayList<>();
    for (String part : raw.split(",")) {
      try {
        int value = Integer.parseInt(part.trim());
        if (value < min) {
          throw new UsageException("flag --" + name + " values must be >= " + min);
        }
        out.add(value);
      } catch (NumberFormatException e) {
        throw new UsageException("flag --" + name + " wants integers like 1,4, got '" + raw + "'");
      }
    }
    return List.copyOf(out);
  }

  void checkAllUsed() {
    for (String name : values.keySet()) {
      if (!used.contains(name)) {
        throw new UsageException("unknown flag --" + name);
      }
    }
  }
}
