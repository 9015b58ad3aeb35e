package io.galley.serving;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.galley.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The model server goes into every model image: it knows nothing of the tracking server, its store
 * or the OCI code, and only its entry point prints. The protocols and the model reading depend on
 * the predictor SPI, never on HTTP.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = ArchitectureRules.mainClasses("io.galley.serving");

  @Test
  void noPackageCycles() {
    ArchitectureRules.noPackageCycles().check(MAIN);
  }

  @Test
  void noServerStoreOrImageCode() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.galley.server..",
            "io.galley.store..",
            "io.galley.oci..",
            "org.h2..",
            "org.flywaydb..",
            "software.amazon..",
            "org.jdbi..")
        .check(MAIN);
  }

  @Test
  void modelsAndProtocolsKnowNoHttp() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.galley.serving.model..",
            "io.galley.serving.predict..",
            "io.galley.serving.mlflow..",
            "io.galley.serving.v2..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "io.galley.serving.http..")
        .check(MAIN);
  }

  @Test
  void onlyTheEntryPointPrints() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(ServingMain.class.getName())
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .check(MAIN);
  }
}
