package io.galley.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.galley.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * galley-client goes into training code (through the SDK), the CLI and the benchmarks: it holds the
 * wire and the HTTP client, and nothing of the server, its stores or its web framework.
 */
class ArchitectureTest {
  private static final JavaClasses CLIENT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.galley.client");

  @Test
  void theClientDependsOnNoServerCode() {
    noClasses()
        .that()
        .resideInAPackage("io.galley.client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.galley.server..",
            "io.galley.store..",
            "io.galley.oci..",
            "io.galley.sdk..",
            "io.galley.cli..",
            "io.javalin..",
            "org.eclipse.jetty..",
            "java.sql..")
        .because("the client only speaks HTTP to the server; the server depends on it, not back")
        .check(CLIENT);
  }

  @Test
  void theWireRecordsDoNotUseTheTransport() {
    noClasses()
        .that()
        .resideInAnyPackage("io.galley.client.mlflow..", "io.galley.client.extension..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net.http..", "io.galley.client")
        .because("the server writes the same records and must not need the client's HTTP code")
        .check(CLIENT);
  }

  @Test
  void noPackageCycles() {
    ArchitectureRules.noPackageCycles().check(CLIENT);
  }

  @Test
  void noPrinting() {
    ArchitectureRules.noPrinting().check(CLIENT);
  }

  @Test
  void noOtherModulesInternals() {
    ArchitectureRules.noOtherModulesInternals("io.galley.client").check(CLIENT);
  }
}
