package org.fieldgate.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    @Test
    void noMainSourceFileAboveSevenHundredLinesNorAStoreFileAboveFourHundred() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent(); // surefire runs in gateway/
        List<String> tooLong = new ArrayList<>();
        for (String module : List.of("drivers", "gateway", "provisioning")) {
            Path sources = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    long lines;
                    try (Stream<String> l = Files.lines(f)) {
                        lines = l.count();
                    }
                    // issue 11: the store in parts of about 400 lines, no other main file above 700
                    long limit = f.getParent().endsWith("org/fieldgate/gateway/store") ? 400 : 700;
                    if (lines > limit) {
                        tooLong.add(root.relativize(f) + ": " + lines + " lines (limit " + limit + ")");
                    }
                }
            }
        }
        assertThat(tooLong).isEmpty();
    }

    @Test
    void everyPackageSaysWhatItIsAndImportsOnlyWhatItSays() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent(); // surefire runs in gateway/
        Map<String, Set<String>> allowed = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (String module : List.of("drivers", "gateway")) {
            Path sources = root.resolve(module).resolve("src/main/java");
            try (Stream<Path> dirs = Files.walk(sources)) {
                for (Path dir : dirs.filter(Files::isDirectory).filter(ArchitectureTest::hasJava).toList()) {
                    String pkg = sources.relativize(dir).toString().replace('/', '.');
                    Path info = dir.resolve("package-info.java");
                    if (!Files.exists(info)) {
                        problems.add(pkg + ": no package-info.java");
                        continue;
                    }
                    Matcher m = MAY_IMPORT.matcher(Files.readString(info).replaceAll("\\s*\\n\\s*\\*\\s*", " "));
                    if (!m.find()) {
                        problems.add(root.relativize(info) + ": no \"May import: …\" line");
                        continue;
                    }
                    Set<String> names = new TreeSet<>();
                    if (!m.group(1).equals("nothing of ours")) {
                        for (String name : m.group(1).split(",\\s*")) {
                            names.add("org.fieldgate." + name.trim());
                        }
                    }
                    allowed.put(pkg, names);
                }
            }
        }
        Set<String> seen = new TreeSet<>();
        for (JavaClass c : classes) {
            Set<String> mayUse = allowed.get(c.getPackageName());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getBaseComponentType().getPackageName();
                if (mayUse != null && target.startsWith("org.fieldgate.") && !target.equals(c.getPackageName())
                        && !mayUse.contains(target) && seen.add(c.getPackageName() + " -> " + target)) {
                    problems.add(c.getPackageName() + " uses " + target + " (" + d.getDescription()
                            + "), which its package-info does not list");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static final Pattern MAY_IMPORT = Pattern.compile("<p>May import: ([^.]*(?:\\.[a-z][^.]*)*)\\.");

    private static boolean hasJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
