package tcpsim.experiments;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of the experiments module import one way:
 * {@code cli -> report -> results -> sim -> config} and {@code cli -> ladder -> capture -> sim}; nothing imports
 * {@code cli}, and no package imports one above it. A cycle among the packages fails the build as well.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("tcpsim.experiments");
    }

    @Test
    void packagesImportOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("tcpsim.experiments.cli..")
                .layer("report").definedBy("tcpsim.experiments.report..")
                .layer("ladder").definedBy("tcpsim.experiments.ladder..")
                .layer("results").definedBy("tcpsim.experiments.results..")
                .layer("capture").definedBy("tcpsim.experiments.capture..")
                .layer("sim").definedBy("tcpsim.experiments.sim..")
                .layer("config").definedBy("tcpsim.experiments.config..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("report").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("ladder").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("results").mayOnlyBeAccessedByLayers("cli", "report")
                .whereLayer("capture").mayOnlyBeAccessedByLayers("cli", "ladder")
                .whereLayer("sim").mayOnlyBeAccessedByLayers("cli", "report", "results", "capture")
                .whereLayer("config").mayOnlyBeAccessedByLayers("cli", "report", "results", "capture", "sim")
                .check(classes);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("tcpsim.experiments.(*)..").should().beFreeOfCycles().check(classes);
    }
}
