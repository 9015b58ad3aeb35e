package io.galley.examples.iris;

import io.galley.sdk.Galley;
import java.net.URI;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The example as a program of its own: {@code java -jar galley-example-iris.jar [--experiment iris]
 * [--seed 42] [--model iris] [--tracking-uri http://127.0.0.1:7070] [--format table|json]
 * [--retry-timeout-seconds 120]}. {@code galley example iris} runs it in a JVM of its own, with
 * only the example's class path, so the libraries its runs record are the example's, not Galley's.
 * Exit codes: 0 done, 1 failed (the reason on stderr), 2 usage.
 */
public final class IrisMain {
  // Held so that the setting sticks: java.util.logging keeps loggers only weakly.
  private static final Logger TRIBUO = Logger.getLogger("org.tribuo");
  private static final String USAGE =
      "Usage: IrisMain [--experiment NAME] [--seed N] [--model NAME] [--tracking-uri URI]"
          + " [--format table|json] [--retry-timeout-seconds N]";

  private IrisMain() {}

  public static void main(String[] args) {
    IrisExample.Settings settings = IrisExample.Settings.defaults();
    Galley.Builder galley = Galley.builder();
    String trackingUri = null;
    boolean table = true;
    try {
      for (int i = 0; i < args.length; i += 2) {
        String value = required(args, i);
        switch (args[i]) {
          case "--experiment" -> settings = settings.withExperiment(value);
          case "--seed" -> settings = settings.withSeed(Long.parseLong(value));
          case "--model" -> settings = settings.withRegisteredModel(value);
          case "--tracking-uri" -> trackingUri = value;
          case "--retry-timeout-seconds" ->
              galley.retryTimeout(Duration.ofSeconds(Long.parseLong(value)));
          case "--format" -> table = format(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (trackingUri != null) {
      galley.trackingUri(URI.create(trackingUri));
    }
    // Tribuo's trainers report every training at INFO; the table says what matters.
    TRIBUO.setLevel(Level.WARNING);
    Galley client = galley.build();
    IrisReport report = new IrisReport(System.out, table);
    report.start(settings, trackingUri != null ? trackingUri : client.trackingUri().toString());
    try {
      report.done(IrisExample.run(client, settings, report::finished));
    } catch (RuntimeException e) {
      System.err.println("Error: " + e.getMessage());
      System.exit(1);
    }
  }

  private static String required(String[] args, int i) {
    @Nullable String value = i + 1 < args.length ? args[i + 1] : null;
    if (value == null) {
      throw new IllegalArgumentException(args[i] + " needs a value");
    }
    return value;
  }

  private static boolean format(String value) {
    return switch (value) {
      case "table" -> true;
      case "json" -> false;
      default -> throw new IllegalArgumentException("--format is table or json, not " + value);
    };
  }
}
