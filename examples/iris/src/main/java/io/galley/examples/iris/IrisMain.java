package io.galley.examples.iris;

import io.galley.sdk.Galley;
import java.net.URI;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The example as a plain program: {@code java -cp ... io.galley.examples.iris.IrisMain
 * [--experiment iris] [--seed 42] [--tracking-uri http://127.0.0.1:7070]}. {@code galley example
 * iris} does the same without the class path.
 */
public final class IrisMain {
  // Held so that the setting sticks: java.util.logging keeps loggers only weakly.
  private static final Logger TRIBUO = Logger.getLogger("org.tribuo");

  private IrisMain() {}

  public static void main(String[] args) {
    IrisExample.Settings settings = IrisExample.Settings.defaults();
    Galley.Builder galley = Galley.builder();
    for (int i = 0; i < args.length; i++) {
      @Nullable String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--experiment" -> settings = settings.withExperiment(required(args[i], value));
        case "--seed" -> settings = settings.withSeed(Long.parseLong(required(args[i], value)));
        case "--tracking-uri" -> galley.trackingUri(URI.create(required(args[i], value)));
        default -> {
          System.err.println("Usage: IrisMain [--experiment NAME] [--seed N] [--tracking-uri URI]");
          System.exit(2);
        }
      }
      i++;
    }
    // Tribuo's trainers report each training at INFO; the runs' metrics say more.
    TRIBUO.setLevel(Level.WARNING);
    IrisExample.Result result =
        IrisExample.run(
            galley.build(),
            settings,
            r ->
                System.out.printf(
                    Locale.ROOT,
                    "%-20s %-20s accuracy %.4f  macro F1 %.4f  run %s%n",
                    r.runName(),
                    r.family(),
                    r.accuracy(),
                    r.macroF1(),
                    r.runId()));
    System.out.printf(
        Locale.ROOT,
        "Best: %s (accuracy %.4f), registered as %s version %d with alias %s%n",
        result.best().runName(),
        result.best().accuracy(),
        result.version().name(),
        result.version().version(),
        settings.alias());
  }

  private static String required(String flag, @Nullable String value) {
    if (value == null) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }
}
