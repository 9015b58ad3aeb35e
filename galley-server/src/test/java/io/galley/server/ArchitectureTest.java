package io.galley.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.galley.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * galley-server: acyclic packages (the root composes, the API packages do not reach back into it),
 * other modules' public packages only; it logs, never prints.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = ArchitectureRules.mainClasses("io.galley.server");

  @Test
  void noPackageCycles() {
    ArchitectureRules.noPackageCycles().check(MAIN);
  }

  @Test
  void noOtherModulesInternals() {
    ArchitectureRules.noOtherModulesInternals("io.galley.server").check(MAIN);
  }

  @Test
  void noPrinting() {
    ArchitectureRules.noPrinting().check(MAIN);
  }
}
