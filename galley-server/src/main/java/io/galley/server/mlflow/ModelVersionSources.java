package io.galley.server.mlflow;

import io.galley.core.GalleyException;
import io.galley.core.InvalidRequestException;
import io.galley.core.NotFoundException;
import io.galley.core.registry.ModelReference;
import io.galley.core.registry.ModelRegistry;
import io.galley.core.registry.ModelSource;
import io.galley.core.tracking.RunInfo;
import io.galley.core.tracking.TrackingStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Model version sources on the wire: the checks MLflow's {@code _validate_source} makes before a
 * version is created, and the download URI a version's source gives.
 */
final class ModelVersionSources {
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):(.*)$");

  /** A copy of a copy of ... a version: more links than this and the source is answered as is. */
  private static final int MAX_COPIES = 16;

  private final TrackingStore tracking;
  private final ModelRegistry registry;

  ModelVersionSources(TrackingStore tracking, ModelRegistry registry) {
    this.tracking = tracking;
    this.registry = registry;
  }

  /**
   * Refuses what MLflow's server refuses: a local path or {@code file:} URI (the server would read
   * its own disk), and a path that climbs with {@code .} or {@code ..} or hides a NUL, however
   * often it is percent-encoded. Clients follow a version's download URI, so it must name no more
   * than it says.
   */
  static void check(String source) {
    Matcher uri = SCHEME.matcher(source);
    String scheme = uri.matches() ? uri.group(1).toLowerCase(Locale.ROOT) : "";
    if (scheme.isEmpty() || scheme.equals("file")) {
      throw invalid(
          source,
          "a local path or file: URI cannot be a model version source on a tracking server; use"
              + " runs:/<run_id>/<path> or the URI where the model's files are");
    }
    String decoded = source;
    for (int round = 0; round < 10; round++) {
      String next = unquotePlus(decoded);
      if (next.equals(decoded)) {
        break;
      }
      decoded = next;
    }
    Matcher m = SCHEME.matcher(decoded);
    String path = path(m.matches() ? m.group(2) : decoded);
    if (path.indexOf('\0') >= 0) {
      throw invalid(source, "it contains a NUL character");
    }
    String normal = path.replaceAll("/+", "/");
    while (normal.endsWith("/")) {
      normal = normal.substring(0, normal.length() - 1);
    }
    if (!normal.isEmpty() && !normal.startsWith("/")) {
      throw invalid(source, "its path must be absolute");
    }
    for (String segment : normal.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        throw invalid(source, "its path has relative references ('.' or '..')");
      }
    }
  }

  /**
   * Refuses a source naming another run's files than {@code runId}: the version would hold run B's
   * files while it says it came from run A, and whoever may write to A would copy B's files. MLflow
   * 2.17 does not check this; its clients send the run of the source they register. Without a
   * {@code run_id}, the source's run is the version's.
   */
  static void checkRun(String source, @Nullable String runId) {
    if (runId == null) {
      return;
    }
    Optional<ModelSource> files = ModelSource.parse(source);
    if (files.isPresent() && !files.get().runId().equals(runId)) {
      throw invalid(
          source,
          "it names files of run "
              + files.get().runId()
              + " but run_id is "
              + runId
              + "; a version's source must be files of its own run");
    }
  }

  /**
   * Where a version's files can be downloaded: for a source naming a run's files, their place under
   * MLflow's artifact proxy ({@code mlflow-artifacts:/<experiment_id>/<run_id>/artifacts/<path>}),
   * which MLflow's clients resolve through this server; for {@code models:/NAME/VERSION} (what
   * MLflow's {@code copy_model_version} sends) that version's download URI; any other source as it
   * is.
   */
  String downloadUri(String source) {
    String current = source;
    for (int link = 0; link < MAX_COPIES && current.startsWith("models:/"); link++) {
      try {
        ModelReference copied = ModelReference.parse(current);
        if (copied.version() == null) {
          return current; // an alias or stage names another version by now
        }
        current = registry.getModelVersion(copied.name(), copied.version()).source();
      } catch (GalleyException e) {
        return current; // the copied version is gone; its reference is all that is known
      }
    }
    return runFilesUri(current);
  }

  private String runFilesUri(String source) {
    Optional<ModelSource> runFiles;
    try {
      runFiles = ModelSource.parse(source);
    } catch (InvalidRequestException e) {
      return source;
    }
    if (runFiles.isEmpty()) {
      return source;
    }
    ModelSource files = runFiles.get();
    RunInfo run;
    try {
      run = tracking.getRun(files.runId()).info();
    } catch (NotFoundException e) {
      return source; // the run is gone; the source is all that is known
    }
    String root = "mlflow-artifacts:/" + run.experimentId() + "/" + run.runId() + "/artifacts";
    return files.path().isRoot() ? root : root + "/" + files.path().value();
  }

  /** The path of what follows a URI's scheme: after {@code //authority}, before {@code ?} / #. */
  private static String path(String rest) {
    String p = rest;
    if (p.startsWith("//")) {
      int end = indexOfAny(p, 2, "/?#");
      p = end < 0 ? "" : p.substring(end);
    }
    int end = indexOfAny(p, 0, "?#");
    return end < 0 ? p : p.substring(0, end);
  }

  private static int indexOfAny(String s, int from, String chars) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Python's {@code urllib.parse.unquote_plus}: {@code +} is a space, {@code %XX} a byte, a
   * malformed escape stays as it is, and bytes that are not UTF-8 become U+FFFD.
   */
  static String unquotePlus(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    int plainFrom = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean escape =
          c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2));
      if (c != '+' && !escape) {
        continue;
      }
      bytes.writeBytes(s.substring(plainFrom, i).getBytes(StandardCharsets.UTF_8));
      if (c == '+') {
        bytes.write(' ');
      } else {
        bytes.write(HexFormat.fromHexDigits(s, i + 1, i + 3));
        i += 2;
      }
      plainFrom = i + 1;
    }
    bytes.writeBytes(s.substring(plainFrom).getBytes(StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static InvalidRequestException invalid(String source, String why) {
    String shown = source.length() <= 200 ? source : source.substring(0, 200) + "...";
    return new InvalidRequestException(
        "Invalid model version source: '" + shown + "': " + why + ".");
  }
}
