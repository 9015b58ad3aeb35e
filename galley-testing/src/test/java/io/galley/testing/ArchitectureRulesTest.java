package io.galley.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** Each shared rule finds what it is for in a small fixture and passes a clean one. */
class ArchitectureRulesTest {
  private static final String FIXTURES = "io.galley.testing.fixtures";

  @Test
  void noPackageCyclesFindsACycle() {
    assertThat(violated(ArchitectureRules.noPackageCycles(), FIXTURES + ".cycle")).isTrue();
    assertThat(violated(ArchitectureRules.noPackageCycles(), FIXTURES + ".clean")).isFalse();
  }

  @Test
  void anotherModulesInternalPackageIsOffLimits() {
    JavaClasses user = classes(FIXTURES + ".user");
    assertThat(
            ArchitectureRules.noOtherModulesInternals(FIXTURES + ".user")
                .evaluate(user)
                .hasViolation())
        .isTrue();
    assertThat(ArchitectureRules.noOtherModulesInternals(FIXTURES).evaluate(user).hasViolation())
        .as("the same module's internal package")
        .isFalse();
  }

  @Test
  void theDomainNeitherPrintsNorTouchesFiles() {
    assertThat(violated(ArchitectureRules.noInputOutput(), FIXTURES + ".io")).isTrue();
    assertThat(violated(ArchitectureRules.noPrinting(), FIXTURES + ".io")).isTrue();
    assertThat(violated(ArchitectureRules.noInputOutput(), FIXTURES + ".clean")).isFalse();
    assertThat(violated(ArchitectureRules.noPrinting(), FIXTURES + ".clean")).isFalse();
  }

  private static boolean violated(ArchRule rule, String pkg) {
    return rule.evaluate(classes(pkg)).hasViolation();
  }

  private static JavaClasses classes(String pkg) {
    return new ClassFileImporter().importPackages(pkg);
  }
}
