package io.galley.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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

  /** Tracking, model registry, artifacts and images share only the JDBC plumbing. */
  @Test
  void contextsDoNotUseEachOther() {
    slices()
        .matching("io.galley.store.(*).internal..")
        .namingSlices("$1")
        .should()
        .notDependOnEachOther()
        .ignoreDependency(
            com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                "io.galley.store.jdbc.internal.."))
        .check(MAIN);
  }

  @Test
  void jdbcPlumbingKnowsNoContext() {
    noClasses()
        .that()
        .resideInAPackage("io.galley.store.jdbc.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.galley.store.tracking..",
            "io.galley.store.modelregistry..",
            "io.galley.store.artifact..",
            "io.galley.store.image..")
        .check(MAIN);
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
