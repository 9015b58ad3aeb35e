package io.galley.server.access;

import io.galley.core.access.TokenScope;
import io.galley.server.ui.UiRoutes;
import io.javalin.http.HandlerType;
import java.util.Set;

/** What a request needs of its caller: to read, to write, or to administer. */
final class RequestScopes {
  /**
   * Answered to anyone: probes that say nothing a stranger may not know, the web UI's sign-in, and
   * its pages and scripts, which hold no data (the data comes from the API, signed in).
   */
  static final Set<String> OPEN = Set.of("/health", "/version");

  private RequestScopes() {}

  static boolean isOpen(String path) {
    return OPEN.contains(path)
        || WebSessions.LOGIN_PATHS.contains(path)
        || path.startsWith("/ui/")
        || UiRoutes.isPage(path);
  }

  /**
   * GET and HEAD read; so do MLflow's searches, which it sends as POST ({@code runs/search}, {@code
   * experiments/search}, {@code logged-models/search}); garbage collection deletes what nothing
   * refers to, everyone's, so it takes an administrator; everything else writes.
   */
  static TokenScope needed(HandlerType method, String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (trimmed.endsWith("/galley/gc") || trimmed.endsWith("/galley/registry/gc")) {
      return TokenScope.ADMIN;
    }
    if (method == HandlerType.GET || method == HandlerType.HEAD) {
      return TokenScope.READ;
    }
    String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    if (method == HandlerType.POST && last.equals("search")) {
      return TokenScope.READ;
    }
    return TokenScope.WRITE;
  }
}
