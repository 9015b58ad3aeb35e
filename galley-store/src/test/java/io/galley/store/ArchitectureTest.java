package io.galley.store;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.galley.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * galley-store is an adapter library: acyclic, on other modules' public packages only, and silent
 * (it logs, never prints).
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = ArchitectureRules.mainClasses("io.galley.store");

  @Test
  void noPackageCycles() {
    ArchitectureRules.noPackageCycles().check(MAIN);
  }

  @Test
  void noOtherModulesInternals() {
    ArchitectureRules.noOtherModulesInternals("io.galley.store").check(MAIN);
  }

  @Test
  void noPrinting() {
    ArchitectureRules.noPrinting().check(MAIN);
  }
}
