package org.fieldgate.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of issue 11, checked on the compiled main classes of both modules: a newcomer
 * can trust that a package only reaches the ones its {@code package-info.java} names.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // the drivers' test-jar
                .importPackages("org.fieldgate");
    }

    @Test
    void theMainClassesOfBothModulesWereFound() {
        // a rule over an empty import passes; make sure it would have something to fail on
        assertThat(classes.stream().filter(c -> c.getPackageName().startsWith("org.fieldgate.gateway.store")))
                .hasSizeGreaterThan(10);
        assertThat(classes.stream().filter(c -> c.getPackageName().startsWith("org.fieldgate.drivers.pms5003")))
                .isNotEmpty();
    }

    @Test
    void noPackageCycleInTheGateway() {
        slices().matching("org.fieldgate.gateway.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noPackageCycleInTheDrivers() {
        slices().matching("org.fieldgate.drivers.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void driversNeverReachIntoTheGateway() {
        noClasses().that().resideInAPackage("org.fieldgate.drivers..")
                .should().dependOnClassesThat().resideInAPackage("org.fieldgate.gateway..")
                .check(classes);
    }

    @Test
    void theStoreKnowsNothingOfOursButItselfAndTheContract() {
        noClasses().that().resideInAPackage("org.fieldgate.gateway.store..")
                .should().dependOnClassesThat(resideInAPackage("org.fieldgate..")
                        .and(not(resideInAPackage("org.fieldgate.gateway.store..")))
                        .and(not(resideInAPackage("org.fieldgate.gateway.contract.."))))
                .check(classes);
    }

    @Test
    void noDriverPackageUsesAnother() {
        // the shared transports under io and the SPI in org.fieldgate.drivers are for every driver
        slices().matching("org.fieldgate.drivers.(*)..").should().notDependOnEachOther()
                .ignoreDependency(alwaysTrue(), resideInAPackage("org.fieldgate.drivers.io.."))
                .check(classes);
    }
}
