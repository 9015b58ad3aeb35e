/**
 * Galley's HTTP face: {@link io.galley.server.GalleyServer} binds Javalin to a {@link
 * io.galley.server.ServerConfig} and mounts the MLflow REST API and Galley's own endpoints.
 */
@NullMarked
package io.galley.server;

import org.jspecify.annotations.NullMarked;
