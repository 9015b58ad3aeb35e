package io.galley.sdk.tribuo;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.galley.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The Tribuo flavour goes into training code: it uses only the SDK's public packages and never
 * prints.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = ArchitectureRules.mainClasses("io.galley.sdk.tribuo");

  @Test
  void noPackageCycles() {
    ArchitectureRules.noPackageCycles().check(MAIN);
  }

  @Test
  void noOtherModulesInternals() {
    ArchitectureRules.noOtherModulesInternals("io.galley.sdk.tribuo").check(MAIN);
  }

  @Test
  void noPrinting() {
    ArchitectureRules.noPrinting().check(MAIN);
  }
}
