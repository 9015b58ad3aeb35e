package io.galley.examples.iris;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.galley.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The example is a program like any user's: only the SDK's public packages. */
class ArchitectureTest {
  private static final JavaClasses MAIN = ArchitectureRules.mainClasses("io.galley.examples.iris");

  @Test
  void noPackageCycles() {
    ArchitectureRules.noPackageCycles().check(MAIN);
  }

  @Test
  void noOtherModulesInternals() {
    ArchitectureRules.noOtherModulesInternals("io.galley.examples.iris").check(MAIN);
  }
}
