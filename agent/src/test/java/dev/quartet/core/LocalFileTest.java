package dev.quartet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileTest {

    @TempDir
    Path dir;

    @Test
    void theFileAndItsDirectoryAppearWithTheFirstLine() {
        Path file = dir.resolve("telemetry").resolve("logs.jsonl");
        LocalFile local = new LocalFile(file, "cloudwatch", "log events");
        assertFalse(Files.exists(file.getParent()), "nothing written, nothing created");

        assertTrue(local.write("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8), 1));
        assertTrue(local.write("{\"a\":2}\n".getBytes(StandardCharsets.UTF_8), 1));
        local.close();

        assertEquals(List.of("{\"a\":1}", "{\"a\":2}"), read(file));
    }

    @Test
    void closingWithNothingWrittenLeavesNoFile() {
        Path file = dir.resolve("telemetry").resolve("traces.jsonl");
        new LocalFile(file, "otel", "spans").close();
        assertFalse(Files.exists(file.getParent()));
    }

    @Test
    void aFileThatCannotBeWrittenFailsItsWritesWithoutThrowingAndRecoversLater() throws IOException {
        // a regular file where the directory should be: unwritable even for root
        Path blocker = Files.createFile(dir.resolve("telemetry"));
        Path file = blocker.resolve("errors.jsonl");
        LocalFile local = new LocalFile(file, "rollbar", "items");

        assertNull(local.stream());
        assertFalse(local.write("{}\n".getBytes(StandardCharsets.UTF_8), 1));
        assertFalse(local.write("{}\n".getBytes(StandardCharsets.UTF_8), 1));

        Files.delete(blocker); // the user fixes it: the next line gets through, appended to a new file
        assertTrue(local.write("{\"ok\":true}\n".getBytes(StandardCharsets.UTF_8), 1));
        local.close();
        assertEquals(List.of("{\"ok\":true}"), read(file));
    }

    @Test
    void theReasonIsInWordsAndNamesTheDirectoryWhenThatIsTheProblem() {
        assertEquals("permission denied: /var/quartet", LocalFile.reason(new AccessDeniedException("/var/quartet")));
        assertEquals("Not a directory: /tmp/a-file",
                LocalFile.reason(new java.nio.file.FileSystemException("/tmp/a-file", null, "Not a directory")));
        assertEquals("No space left on device", LocalFile.reason(new IOException("No space left on device")));
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
