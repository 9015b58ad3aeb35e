package io.galley.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.galley.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The CLI may print (it is the front end) but keeps to other modules' public packages. */
class ArchitectureTest {
  private static final JavaClasses MAIN = ArchitectureRules.mainClasses("io.galley.cli");

  @Test
  void noPackageCycles() {
    ArchitectureRules.noPackageCycles().check(MAIN);
  }

  @Test
  void noOtherModulesInternals() {
    ArchitectureRules.noOtherModulesInternals("io.galley.cli").check(MAIN);
  }
}
