/** The wire records of users and API tokens ({@code users/*}, {@code tokens/*}). */
@NullMarked
package io.galley.client.access;

import org.jspecify.annotations.NullMarked;
