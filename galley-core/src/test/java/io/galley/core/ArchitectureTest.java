package io.galley.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.galley.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The domain knows nothing of SQL, JSON, HTTP or web servers: dependencies point inward. */
class ArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.galley.core");

  @Test
  void coreDependsOnNoAdapterTechnology() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("io.galley.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "java.sql..",
                "javax.sql..",
                "com.fasterxml.jackson..",
                "io.javalin..",
                "org.eclipse.jetty..",
                "java.net.http..")
            .because("galley-core is the domain; adapters live in galley-store and galley-server");
    rule.check(CORE);
  }

  @Test
  void noPackageCycles() {
    ArchitectureRules.noPackageCycles().check(CORE);
  }

  @Test
  void noFilesProcessesSocketsOrConsoles() {
    ArchitectureRules.noInputOutput().check(CORE);
  }

  @Test
  void noOtherModulesInternals() {
    ArchitectureRules.noOtherModulesInternals("io.galley.core").check(CORE);
  }
}
