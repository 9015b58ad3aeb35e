package io.galley.core.access;

/**
 * Whose read permissions a search applies, inside its query so that pages stay full and page tokens
 * stay valid: the user's own grant on each experiment or model decides, else the best of their
 * groups' grants, else {@code seesUngranted}, their default (or the server's).
 */
public record Viewer(long userId, boolean seesUngranted) {}
