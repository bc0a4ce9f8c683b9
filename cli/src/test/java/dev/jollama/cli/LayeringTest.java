package dev.jollama.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.net.HttpURLConnection;
import java.net.Socket;

/**
 * The CLI parses, calls core and renders: the HTTP and the JSON are core's (its {@code Json} holder
 * included), so that a fix to either is made once, for the library and the terminal alike.
 */
@AnalyzeClasses(packages = "dev.jollama.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule noHttp = noClasses()
            .that()
            .resideInAPackage("dev.jollama.cli..")
            .should()
            .dependOnClassesThat(
                    belongToAnyOf(Socket.class, HttpURLConnection.class).or(resideInAnyPackage("java.net.http..")))
            .because("requests are core's (core.http)");

    @ArchTest
    static final ArchRule noJson = noClasses()
            .that()
            .resideInAPackage("dev.jollama.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("com.fasterxml.jackson.databind..", "com.fasterxml.jackson.core..")
            .because("JSON is core's (core.json)");

    @ArchTest
    static final ArchRule onlyTheEnvironmentReadsTheProcessEnvironment = noClasses()
            .that()
            .resideInAPackage("dev.jollama.cli..")
            .and()
            .doNotBelongToAnyOf(Environment.class)
            .should()
            .callMethod(System.class, "getenv")
            .orShould()
            .callMethod(System.class, "getenv", String.class)
            .because("the variables reach the settings through Environment, and nothing else reads them");
}
