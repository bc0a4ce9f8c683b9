package dev.jollama.core.mcp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The MCP SDK and Reactor stay behind three classes of core.mcp, which load with the first server: a
 * command that uses no tools (the config read, {@code McpServers} built) never loads them.
 * McpStartupCostTest checks the same by loading classes.
 */
@AnalyzeClasses(packages = "dev.jollama.core", importOptions = ImportOption.DoNotIncludeTests.class)
class McpLayeringTest {

    private static final String[] SDK = {"io.modelcontextprotocol..", "reactor..", "org.reactivestreams.."};

    @ArchTest
    static final ArchRule onlyCoreMcpUsesTheSdk = noClasses()
            .that()
            .resideOutsideOfPackage("dev.jollama.core.mcp..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SDK)
            .because("the MCP SDK and Reactor cost start-up time that commands without tools must not pay");

    @ArchTest
    static final ArchRule inCoreMcpOnlyTheConnectionAndItsTransportsDo = noClasses()
            .that()
            .resideInAPackage("dev.jollama.core.mcp..")
            .and()
            .haveNameNotMatching("dev\\.jollama\\.core\\.mcp\\.(McpConnection|StdioTransport|CancellableCalls)(\\$.*)?")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SDK)
            .because("McpServers, McpTool, McpConfig and McpServerSpec are loaded before any server starts");
}
