package io.kdrift.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package plan, checked on kdrift's main classes: a functional core free of Kafka and Jackson, a thin shell around it,
 * and packages that depend one way. The vocabulary of what kdrift publishes ({@code result}: score, verdict and
 * performance records and their fields, which alert conditions name) sits below {@code config}, which reads it; the
 * core that computes those records reads its settings from {@code config}.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kdrift");
    /** Plain Java: statistics, windows, joins, clocks, alert rules, performance metrics, the records they publish. */
    private static final String[] CORE = {"io.kdrift.stats..", "io.kdrift.drift..", "io.kdrift.performance..", "io.kdrift.time..",
        "io.kdrift.result..", "io.kdrift.state..", "io.kdrift.event..", "io.kdrift.inference..", "io.kdrift.alert..",
        "io.kdrift.health..", "io.kdrift.bytes.."};
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
    void thePackagesDependOneWay() {
        slices().matching("io.kdrift.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /**
     * Settings may use the leaves (stats, event, bytes: the values they configure) and the vocabulary of results (the
     * fields a condition names); the rest of the core uses them.
     */
    @Test
    void configReadsNoCoreAboveTheLeavesAndTheResults() {
        noClasses().that().resideInAPackage("io.kdrift.config")
                .should().dependOnClassesThat().resideInAnyPackage("io.kdrift.drift..", "io.kdrift.performance..", "io.kdrift.time..",
                        "io.kdrift.inference..", "io.kdrift.alert..", "io.kdrift.health..")
                .check(MAIN);
    }
}
