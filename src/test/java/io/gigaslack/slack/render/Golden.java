package io.gigaslack.slack.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden JSON files in {@code src/test/resources/golden/}: the rendered tree is compared with the
 * stored one as parsed JSON (key order and whitespace do not matter).
 *
 * <p>To regenerate every file after an intended change, run the render tests with
 * {@code -Dgolden.update=true}:
 * {@code mvn -B -o -q test -Dtest='io.gigaslack.slack.render.*Test' -Dgolden.update=true}, then review
 * the diff with {@code git diff src/test/resources/golden}. Files are read and written as UTF-8
 * whatever the platform charset (surefire runs with ISO-8859-1 on purpose).
 */
final class Golden {
    static final Path DIR = Path.of("src", "test", "resources", "golden");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Golden() {}

    static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    static void check(String name, JsonNode actual) {
        Path file = DIR.resolve(name + ".json");
        try {
            String pretty = MAPPER.writeValueAsString(actual) + "\n";
            if (updating()) {
                Files.createDirectories(DIR);
                Files.writeString(file, pretty, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden file %s is missing; run with -Dgolden.update=true", file).exists();
            JsonNode expected = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            assertThat(actual).as("%s differs from %s (if intended, regenerate with -Dgolden.update=true)", name, file)
                    .isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
