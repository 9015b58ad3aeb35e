package io.galley.serving.tribuo;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.galley.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The Tribuo predictor goes into model images: it uses only the serving module's public packages
 * and never prints.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = ArchitectureRules.mainClasses("io.galley.serving.tribuo");

  @Test
  void noPackageCycles() {
    ArchitectureRules.noPackageCycles().check(MAIN);
  }

  @Test
  void noOtherModulesInternals() {
    ArchitectureRules.noOtherModulesInternals("io.galley.serving.tribuo").check(MAIN);
  }

  @Test
  void noPrinting() {
    ArchitectureRules.noPrinting().check(MAIN);
  }
}
