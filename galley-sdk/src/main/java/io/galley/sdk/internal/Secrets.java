package io.galley.sdk.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what capture records. Three rules: a name that looks like a secret is never
 * recorded with its value ({@code -Ddb.password=x} becomes {@code -Ddb.password=<redacted>}, also
 * inside longer text, and the argument after a flag like {@code --token} is redacted); a URL's user
 * info goes ({@code https://u:p@host} becomes {@code https://<redacted>@host}); and the values of
 * this process's secret-looking environment variables are scrubbed wherever they appear.
 */
public final class Secrets {
  public static final String REDACTED = "<redacted>";

  private static final String WORDS =
      "TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|KEY|CREDENTIAL|AUTH|COOKIE|PRIVATE";
  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(" + WORDS + ").*");
  // name=value where the name holds a secret word; the value runs to whitespace or a quote. Only
  // '=': a ':' separator would also match PATH-like lists ("/home/monkey:/usr/bin").
  private static final Pattern ASSIGNMENT =
      Pattern.compile("(?i)([\\w.\\-]*(?:" + WORDS + ")[\\w.\\-]*=)([^\\s\"']+)");
  // --token VALUE: a secret-named flag, then its value as the next word.
  private static final Pattern FLAG_VALUE =
      Pattern.compile(
          "(?i)(^|\\s)(-{1,2}[\\w.\\-]*(?:" + WORDS + ")[\\w.\\-]*\\s+)([^\\s\"'-][^\\s\"']*)");
  private static final Pattern USER_INFO =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.\\-]*://)[^/@\\s]+@");

  /** Shorter values would scrub ordinary words; real secrets are longer. */
  private static final int MIN_SCRUB_LENGTH = 6;

  private final List<String> values;

  /** Scrubs the values of {@code env}'s secret-looking variables, longest first. */
  public Secrets(Map<String, String> env) {
    List<String> v = new ArrayList<>();
    env.forEach(
        (name, value) -> {
          if (isSecretName(name) && value.length() >= MIN_SCRUB_LENGTH) {
            v.add(value);
          }
        });
    v.sort(Comparator.comparingInt(String::length).reversed());
    this.values = List.copyOf(v);
  }

  public static boolean isSecretName(String name) {
    return SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches();
  }

  /** Free text (a command line, an option string): every rule applied. */
  public String redact(String text) {
    String out =
        USER_INFO.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(REDACTED) + "@");
    out = ASSIGNMENT.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(REDACTED));
    out = FLAG_VALUE.matcher(out).replaceAll("$1$2" + Matcher.quoteReplacement(REDACTED));
    return scrubValues(out);
  }

  /** Only the scrubbing of secret values: for text whose form must survive (a diff). */
  public String scrubValues(String text) {
    String out = text;
    for (String v : values) {
      out = out.replace(v, REDACTED);
    }
    return out;
  }

  /** Arguments: each redacted as text, and the one after a secret-named flag replaced. */
  public List<String> redactArguments(List<String> args) {
    List<String> out = new ArrayList<>(args.size());
    boolean nextIsSecret = false;
    for (String arg : args) {
      if (nextIsSecret) {
        out.add(REDACTED);
        nextIsSecret = false;
        continue;
      }
      out.add(redact(arg));
      nextIsSecret = arg.startsWith("-") && !arg.contains("=") && isSecretName(arg);
    }
    return out;
  }
}
