package io.gigaslack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, checked over the compiled production classes: packages depend one way, only the Slack tree
 * touches the Slack SDK, the domain does no I/O, production code never reaches the simulator or the test hooks, and
 * every package-info's list of the app packages it may import stays true.
 */
class ArchitectureTest {
    private static final String ROOT = "io.gigaslack";
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        assertThat(classes).as("production classes found").hasSizeGreaterThan(100);
    }

    @Test
    void no_two_packages_depend_on_each_other_even_through_others() {
        ArchRule rule = slices().matching(ROOT + ".(**)").should().beFreeOfCycles();
        rule.check(classes);
    }

    @Test
    void only_the_slack_tree_imports_the_slack_sdk() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".slack..")
                .should().dependOnClassesThat().resideInAPackage("com.slack.api..")
                .check(classes);
    }

    @Test
    void the_domain_does_no_io_and_knows_no_other_part_of_the_app() {
        noClasses().that().resideInAPackage(ROOT + ".runs..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.sql..", "javax.sql..", "java.net..", "java.nio.file..", "java.nio.channels..",
                        "okhttp3..", "org.eclipse.jetty..", "com.slack.api..", "com.zaxxer..", "org.flywaydb..",
                        "org.h2..", "org.postgresql..", "com.fasterxml..",
                        ROOT + ".giga..", ROOT + ".store..", ROOT + ".slack..", ROOT + ".engine..", ROOT + ".service..",
                        ROOT + ".gigawork..", ROOT + ".http..", ROOT + ".app..", ROOT + ".callback..", ROOT + ".ops..")
                .check(classes);
        noClasses().that().resideInAPackage(ROOT + ".runs..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.File(Input|Output)Stream|java\\.io\\.RandomAccessFile")
                .check(classes);
    }

    @Test
    void the_job_engine_knows_neither_slack_nor_giga_nor_what_its_jobs_mean() {
        noClasses().that().resideInAPackage(ROOT + ".engine..")
                .should().dependOnClassesThat().resideInAnyPackage("com.slack.api..", ROOT + ".slack..",
                        ROOT + ".giga..", ROOT + ".gigawork..", ROOT + ".service..", ROOT + ".runs..")
                .check(classes);
    }

    @Test
    void production_code_never_reaches_the_simulator_except_to_launch_it() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".giga.sim..")
                .and().doNotHaveFullyQualifiedName(ROOT + ".app.Main")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".giga.sim..")
                .check(classes);
    }

    @Test
    void production_code_never_calls_the_test_hooks() {
        noClasses().that().doNotHaveFullyQualifiedName(ROOT + ".app.GigaSlackApp")
                .and().doNotHaveFullyQualifiedName(ROOT + ".app.GigaSlackApp$TestHooks")
                .should().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".app.GigaSlackApp$TestHooks")
                .check(classes);
    }

    @Test
    void each_package_imports_only_the_app_packages_its_package_info_names() throws IOException {
        Map<String, Set<String>> actual = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = relative(c.getPackageName());
            if (from == null) {
                continue;
            }
            actual.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = relative(d.getTargetClass().getPackageName());
                if (to != null && !to.equals(from)) {
                    actual.get(from).add(to);
                }
            }
        }
        Map<String, Set<String>> declared = new TreeMap<>();
        for (String pkg : actual.keySet()) {
            declared.put(pkg, declared(pkg));
        }
        Map<String, Set<String>> undeclared = new TreeMap<>();
        actual.forEach((pkg, deps) -> {
            Set<String> extra = new TreeSet<>(deps);
            extra.removeAll(declared.get(pkg));
            if (!extra.isEmpty()) {
                undeclared.put(pkg, extra);
            }
        });
        assertThat(undeclared).as("app packages imported but not named in their package-info").isEmpty();
        Map<String, Set<String>> unused = new TreeMap<>();
        declared.forEach((pkg, deps) -> {
            Set<String> extra = new TreeSet<>(deps);
            extra.removeAll(actual.get(pkg));
            if (!extra.isEmpty()) {
                unused.put(pkg, extra);
            }
        });
        assertThat(unused).as("app packages a package-info names but its package does not import").isEmpty();
    }

    private static final Pattern MAY_IMPORT = Pattern.compile("App packages it may import: \\[([^\\]]*)\\]");

    /** The app packages {@code pkg}'s package-info says it may import, read from its source. */
    private static Set<String> declared(String pkg) throws IOException {
        Path info = Path.of("src", "main", "java").resolve(ROOT.replace('.', '/')).resolve(pkg.replace('.', '/'))
                .resolve("package-info.java");
        assertThat(info).as("package-info of " + pkg).isRegularFile();
        String text = Files.readString(info).replaceAll("\\s*\\n\\s*\\*\\s*", " ");
        Matcher m = MAY_IMPORT.matcher(text);
        assertThat(m.find()).as(info + " says which app packages it may import").isTrue();
        return Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** "slack.web" for io.gigaslack.slack.web; null outside the app (or for the root package). */
    private static String relative(String packageName) {
        return packageName.startsWith(ROOT + ".") ? packageName.substring(ROOT.length() + 1) : null;
    }
}
