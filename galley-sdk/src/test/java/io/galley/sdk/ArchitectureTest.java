package io.galley.sdk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.galley.testing.ArchitectureRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The SDK runs inside training code: it needs no server code, and its public face speaks JDK and
 * Galley types only, so that Jackson (used inside) can change without breaking callers.
 */
class ArchitectureTest {
  private static final JavaClasses SDK =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.galley.sdk");
  private static final Set<String> PUBLIC_PACKAGES =
      Set.of("io.galley.sdk", "io.galley.sdk.capture", "io.galley.sdk.model");

  @Test
  void theSdkDependsOnNoServerCode() {
    noClasses()
        .that()
        .resideInAPackage("io.galley.sdk..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.galley.server..",
            "io.galley.store..",
            "io.javalin..",
            "org.eclipse.jetty..",
            "java.sql..")
        .because("galley-sdk goes into training programs; it talks to the server over HTTP")
        .check(SDK);
  }

  @Test
  void noPackageCycles() {
    ArchitectureRules.noPackageCycles().check(SDK);
  }

  @Test
  void noOtherModulesInternals() {
    ArchitectureRules.noOtherModulesInternals("io.galley.sdk").check(SDK);
  }

  @Test
  void noPrinting() {
    ArchitectureRules.noPrinting().check(SDK);
  }

  @Test
  void publicSignaturesUseJdkAndGalleyTypesOnly() {
    List<String> leaks = new ArrayList<>();
    for (JavaClass c : SDK) {
      if (!PUBLIC_PACKAGES.contains(c.getPackageName())
          || !c.getModifiers().contains(JavaModifier.PUBLIC)) {
        continue;
      }
      for (JavaCodeUnit unit : c.getCodeUnits()) {
        if (!unit.getModifiers().contains(JavaModifier.PUBLIC)) {
          continue;
        }
        List<JavaClass> types = new ArrayList<>(unit.getRawParameterTypes());
        types.add(unit.getRawReturnType());
        types.forEach(t -> check(unit.getFullName(), t, leaks));
      }
      for (JavaField f : c.getFields()) {
        if (f.getModifiers().contains(JavaModifier.PUBLIC)) {
          check(f.getFullName(), f.getRawType(), leaks);
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  private static void check(String where, JavaClass type, List<String> leaks) {
    JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
    String name = base.getName();
    boolean ok =
        base.isPrimitive()
            || name.startsWith("java.")
            || (name.startsWith("io.galley.") && !name.startsWith("io.galley.sdk.internal."));
    if (!ok) {
      leaks.add(where + " uses " + name);
    }
  }
}
