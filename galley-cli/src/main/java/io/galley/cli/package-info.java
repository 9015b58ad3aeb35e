/**
 * The {@code galley} command: one picocli verb class per user verb. The CLI is a client of the
 * server (like docker of dockerd), except for {@code galley server}, which runs it.
 */
@NullMarked
package io.galley.cli;

import org.jspecify.annotations.NullMarked;
