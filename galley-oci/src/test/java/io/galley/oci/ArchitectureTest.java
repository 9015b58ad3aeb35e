package io.galley.oci;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMembers;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.galley.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** galley-oci depends on core only: the server, stores and runtimes build on it, not under it. */
class ArchitectureTest {
  /** The client of other registries' /v2/: HTTP and its statuses are its subject. */
  private static final String DISTRIBUTION_CLIENT = "io.galley.oci.distribution..";

  private static final JavaClasses OCI =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.galley.oci");

  @Test
  void ociDependsOnCoreAndJacksonOnly() {
    noClasses()
        .that()
        .resideInAPackage("io.galley.oci..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.galley.store..",
            "io.galley.server..",
            "io.galley.cli..",
            "io.galley.sdk..",
            "java.sql..",
            "javax.sql..",
            "io.javalin..",
            "org.eclipse.jetty..")
        .because("galley-oci is shared by the server, the CLI and the runtime")
        .check(OCI);
  }

  @Test
  void jacksonStaysOutOfTheNameAndErrorTypes() {
    noClasses()
        .that()
        .resideInAnyPackage("io.galley.oci", "io.galley.oci.name")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.fasterxml.jackson..")
        .because("only the codecs read JSON; public signatures use JDK and Galley types")
        .check(OCI);
  }

  @Test
  void httpStatusesLiveInTheServer() {
    noClasses()
        .that()
        .resideInAPackage("io.galley.oci..")
        .and()
        .resideOutsideOfPackage(DISTRIBUTION_CLIENT)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net.http..", "jakarta.servlet..")
        .because("an OCI error says what went wrong; which HTTP status that is, the server says")
        .check(OCI);
    noMembers()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("io.galley.oci..")
        .and()
        .areDeclaredInClassesThat()
        .resideOutsideOfPackage(DISTRIBUTION_CLIENT)
        .should()
        .haveNameMatching("(?i).*(http|status).*")
        .because("an OCI error says what went wrong; which HTTP status that is, the server says")
        .check(OCI);
  }

  @Test
  void onlyTheDistributionClientSpeaksToOtherRegistries() {
    noClasses()
        .that()
        .resideInAPackage("io.galley.oci..")
        .and()
        .resideOutsideOfPackage(DISTRIBUTION_CLIENT)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(DISTRIBUTION_CLIENT)
        .because("images, layers and builds know nothing of where a remote registry is")
        .check(OCI);
  }

  @Test
  void noPackageCycles() {
    ArchitectureRules.noPackageCycles().check(OCI);
  }

  @Test
  void noPrinting() {
    ArchitectureRules.noPrinting().check(OCI);
  }

  @Test
  void noOtherModulesInternals() {
    ArchitectureRules.noOtherModulesInternals("io.galley.oci").check(OCI);
  }
}
