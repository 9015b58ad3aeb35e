package io.galley.server.mlflow;

import java.net.URLConnection;
import java.util.Locale;
import java.util.Set;

/** The media type of an artifact from its name, as MLflow's {@code _guess_mime_type} picks it. */
final class MimeTypes {
  static final String OCTET_STREAM = "application/octet-stream";

  // MLflow serves these as text/plain so that its UI shows them (mlflow/utils/mime_type_utils.py);
  // names without an extension (MLmodel, MLproject) are looked up whole.
  private static final Set<String> TEXT =
      Set.of(
          "txt",
          "log",
          "err",
          "cfg",
          "conf",
          "cnf",
          "cf",
          "ini",
          "properties",
          "prop",
          "hocon",
          "toml",
          "yaml",
          "yml",
          "xml",
          "json",
          "js",
          "py",
          "py3",
          "csv",
          "tsv",
          "md",
          "rst",
          "mlmodel",
          "mlproject");

  private MimeTypes() {}

  static String of(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String extension = dot < 0 ? fileName : fileName.substring(dot + 1);
    if (TEXT.contains(extension.toLowerCase(Locale.ROOT))) {
      return "text/plain";
    }
    String guessed = URLConnection.guessContentTypeFromName(fileName);
    return guessed == null ? OCTET_STREAM : guessed;
  }
}
