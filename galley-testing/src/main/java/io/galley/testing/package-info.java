/**
 * Test support every Galley module shares. {@link io.galley.testing.OutputOnFailure} is found by
 * JUnit's extension auto-detection, so a module gets it by depending on this artifact.
 */
@NullMarked
package io.galley.testing;

import org.jspecify.annotations.NullMarked;
