/**
 * Who may use the server: users, their API tokens and what a token's scope allows. The port is
 * {@link io.galley.core.access.IdentityStore}; secrets never reach it, only their hashes (a slow
 * salted hash of a password, made where the password arrives; a SHA-256 of a token's random secret,
 * which has too much entropy to need a slow one).
 */
@NullMarked
package io.galley.core.access;

import org.jspecify.annotations.NullMarked;
