package dev.jollama.core;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layering of core, checked on every build: core is a library with no terminal in it, and
 * the packages at the bottom (the HTTP layer, the exceptions, text formatting) stay at the bottom, so
 * that one can be read, tested and reused without the rest.
 */
@AnalyzeClasses(packages = "dev.jollama.core", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.jollama.core.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noTerminalOrCommandLine = noClasses()
            .that()
            .resideInAPackage("dev.jollama.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("picocli..", "org.jline..")
            .because("core is usable as a library, without a terminal");

    @ArchTest
    static final ArchRule nothingOfTheCli = noClasses()
            .that()
            .resideInAPackage("dev.jollama.core..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.jollama.cli..");

    @ArchTest
    static final ArchRule httpKnowsNoEngine = classes()
            .that()
            .resideInAPackage("dev.jollama.core.http..")
            .should()
            .onlyDependOnClassesThat(resideOutsideOfPackage("dev.jollama.core..")
                    .or(resideInAnyPackage(
                            "dev.jollama.core.http..", "dev.jollama.core.error..", "dev.jollama.core.text..")))
            .because("the transport serves Ollama's API and the OpenAI-compatible one alike");

    /** Exceptions may word durations (a timeout's "5 s") with core.text, the one package below them. */
    @ArchTest
    static final ArchRule errorsStandOnTextAlone = classes()
            .that()
            .resideInAPackage("dev.jollama.core.error..")
            .should()
            .onlyDependOnClassesThat(resideOutsideOfPackage("dev.jollama.core..")
                    .or(resideInAnyPackage("dev.jollama.core.error..", "dev.jollama.core.text..")));

    @ArchTest
    static final ArchRule textStandsAlone = classes()
            .that()
            .resideInAPackage("dev.jollama.core.text..")
            .should()
            .onlyDependOnClassesThat(
                    resideOutsideOfPackage("dev.jollama.core..").or(resideInAnyPackage("dev.jollama.core.text..")));

    @ArchTest
    static final ArchRule coreNeverReadsTheProcessEnvironment = noClasses()
            .that()
            .resideInAPackage("dev.jollama.core..")
            .should()
            .callMethod(System.class, "getenv")
            .orShould()
            .callMethod(System.class, "getenv", String.class)
            .because("the environment is given to Settings, the only reader of its variables");
}
