package io.kdrift.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package plan, checked on kdrift's main classes: a functional core free of Kafka and Jackson, a thin shell around it,
 * and packages that depend one way.
 *
 * <p>One known exception, named here so that it cannot grow: {@code config} reads the field vocabulary of {@code drift}
 * and {@code performance} (the fields an alert condition may name) while those read their
 * settings from {@code config}: a cycle that issue 30 is to break (a vocabulary below {@code config}, settings passed
 * to the core rather than the whole configuration). Only those classes may cross back; any other cycle fails.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kdrift");
    /** Plain Java: statistics, windows, joins, clocks, alert rules, performance metrics. */
    private static final String[] CORE = {"io.kdrift.stats..", "io.kdrift.drift..", "io.kdrift.performance..", "io.kdrift.time..",
        "io.kdrift.event..", "io.kdrift.inference..", "io.kdrift.alert..", "io.kdrift.health..", "io.kdrift.bytes.."};
    /** What adapts the core to Kafka, HTTP and the command line. */
    private static final String[] SHELL = {"io.kdrift.topology..", "io.kdrift.codec..", "io.kdrift.run..", "io.kdrift.http..",
        "io.kdrift.web..", "io.kdrift.metrics..", "io.kdrift.cli..", "io.kdrift.replay..", "io.kdrift.report..", "io.kdrift.embedded..",
        "io.kdrift.demo.."};

    @Test
    void theCoreImportsNeitherKafkaNorJackson() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "com.fasterxml..")
                .check(MAIN);
    }

    @Test
    void theCoreDoesNotReachIntoTheShell() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(SHELL).check(MAIN);
    }

    @Test
    void thePackagesDependOneWayButForTheKnownCycle() {
        slices().matching("io.kdrift.(*)..").should().beFreeOfCycles()
                .ignoreDependency(resideInAPackage("io.kdrift.config"), resideInAnyPackage("io.kdrift.drift", "io.kdrift.performance"))
                .check(MAIN);
    }

    /** Settings may use the leaves (stats, event, bytes: the values they configure); the rest of the core uses them. */
    @Test
    void onlyTheKnownClassesOfConfigReadTheCoreAboveTheLeaves() {
        noClasses().that().resideInAPackage("io.kdrift.config")
                .and(not(or(simpleName("JudgedRecords"), simpleName("ConditionSettings"))))
                .should().dependOnClassesThat().resideInAnyPackage("io.kdrift.drift..", "io.kdrift.performance..", "io.kdrift.time..",
                        "io.kdrift.inference..", "io.kdrift.alert..", "io.kdrift.health..")
                .check(MAIN);
    }
}
