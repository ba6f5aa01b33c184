package dev.quartet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sample-app.jar --x|sample-app",
        "sample-app.jar|sample-app",
        "/opt/apps/sample-app-1.0.jar --server.port=8080|sample-app-1.0",
        "target/sample-app.jar|sample-app",
        "C:\\apps\\billing.jar arg|billing",
        "com.example.Main|Main",
        "com.example.Main --flag value|Main",
        "Main|Main",
        "org.springframework.boot.loader.launch.JarLauncher|JarLauncher",
        "my.module/com.example.Main|Main",
        "'  com.example.Main  '|Main",
        "'\tapp.jar\targ'|app",
    })
    void fromCommandLine(String command, String expected) {
        assertEquals(expected, ServiceNames.fromCommandLine(command));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t", "com.example.", "/opt/apps/", ".jar", "/opt/.jar", "dir/"})
    void nothingUsableGivesNull(String command) {
        assertNull(ServiceNames.fromCommandLine(command), "for \"" + command + "\"");
    }
}
