package dev.quartet.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md documents every setting: its name in both forms and, on the same line, its default. */
class ConfigurationDocTest {

    private static final Path DOC =
            Paths.get(System.getProperty("user.dir")).resolve("../docs/CONFIGURATION.md").normalize();

    private static List<String> docLines() throws IOException {
        assertTrue(Files.isRegularFile(DOC), DOC + " does not exist");
        return Files.readAllLines(DOC, StandardCharsets.UTF_8);
    }

    @Test
    void everySettingIsDocumentedWithBothNamesAndItsDefault() throws IOException {
        List<String> lines = docLines();
        List<String> missing = new ArrayList<>();
        for (Setting s : Settings.ALL) {
            if (lines.stream().noneMatch(l -> containsName(l, s.key()))) {
                missing.add(s.key() + ": key not mentioned");
            }
            if (lines.stream().noneMatch(l -> containsName(l, s.envName()))) {
                missing.add(s.key() + ": environment variable " + s.envName() + " not mentioned");
            }
            if (!hasLineWithKeyAndDefault(lines, s)) {
                missing.add(s.key() + ": no line shows both the key and its default \"" + s.defaultValue() + "\"");
            }
        }
        if (!missing.isEmpty()) {
            fail(DOC + " is out of date:\n  " + String.join("\n  ", missing));
        }
    }

    /**
     * A line naming the key (in either form) that also shows the default. A setting without a default has an empty
     * default, which every line "contains"; the key's line is enough then.
     */
    private static boolean hasLineWithKeyAndDefault(List<String> lines, Setting s) {
        for (String line : lines) {
            if ((containsName(line, s.key()) || containsName(line, s.envName())) && line.contains(s.defaultValue())) {
                return true;
            }
        }
        return false;
    }

    /** The name as a whole word, so that quartet.enabled is not found inside quartet.otel.enabled. */
    private static boolean containsName(String line, String name) {
        int from = 0;
        while (true) {
            int at = line.indexOf(name, from);
            if (at < 0) {
                return false;
            }
            int end = at + name.length();
            boolean startOk = at == 0 || !isNameChar(line.charAt(at - 1));
            // a full stop after the name ends a sentence, unless a longer name goes on after it
            boolean endOk = end == line.length() || !isNameChar(line.charAt(end))
                    || (line.charAt(end) == '.' && (end + 1 == line.length() || !isNameChar(line.charAt(end + 1))));
            if (startOk && endOk) {
                return true;
            }
            from = at + 1;
        }
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-';
    }
}
