/**
 * The web UI: its static files (ES modules, one CSS file, one {@code index.html} for every page
 * URL) and the uPlot WebJar, served with strict security headers.
 */
@NullMarked
package io.galley.server.ui;

import org.jspecify.annotations.NullMarked;
