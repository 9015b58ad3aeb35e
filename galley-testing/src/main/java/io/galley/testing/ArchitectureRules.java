package io.galley.testing;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules every module's {@code ArchitectureTest} checks on its own main classes, so that the
 * shape DESIGN.md draws is enforced rather than hoped for (Jib wrote its allowed dependencies down
 * and three cycles crept in anyway).
 */
public final class ArchitectureRules {
  private ArchitectureRules() {}

  /** The main (not test) classes of {@code rootPackage} and below. */
  public static JavaClasses mainClasses(String rootPackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(rootPackage);
  }

  /**
   * No cycle between any two packages: each package is a slice of its own, the root package
   * included, so that a package can be understood (and moved) with only what it depends on.
   */
  public static ArchRule noPackageCycles() {
    return slices()
        .matching("io.galley.(**)")
        .should()
        .beFreeOfCycles()
        .because("a cycle makes two packages one, with two names");
  }

  /**
   * Another module's {@code internal} packages are not used: they are that module's business, and
   * only its public packages are its API. {@code moduleRootPackage} is the checked module's root.
   */
  public static ArchRule noOtherModulesInternals(String moduleRootPackage) {
    return noClasses()
        .should()
        .dependOnClassesThat(
            describe(
                "reside in another module's internal package",
                (JavaClass c) ->
                    c.getPackageName().startsWith("io.galley.")
                        && isInternal(c.getPackageName())
                        && !within(c.getPackageName(), moduleRootPackage)))
        .because("*.internal packages are used only inside their module");
  }

  /**
   * The domain touches no files, processes, sockets or consoles: that is what adapters are for, and
   * it keeps the domain testable without a machine.
   */
  public static ArchRule noInputOutput() {
    return noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.nio.file..", "java.nio.channels..", "java.net..", "java.sql..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.File")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.FileInputStream")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.FileOutputStream")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.RandomAccessFile")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.ProcessBuilder")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.Process")
        .orShould()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .because("the domain is pure: files, processes, sockets and consoles belong to adapters");
  }

  /**
   * Libraries never print: they emit events or return values, and only the CLI and server print.
   */
  public static ArchRule noPrinting() {
    return noClasses()
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(Throwable.class, "printStackTrace")
        .because("libraries emit events; only the CLI and the server print");
  }

  private static boolean isInternal(String packageName) {
    return packageName.endsWith(".internal") || packageName.contains(".internal.");
  }

  private static boolean within(String packageName, String root) {
    return packageName.equals(root) || packageName.startsWith(root + ".");
  }
}
