package dev.quartet.backend.rollbar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppIdentityTest {

    @TempDir
    Path dir;

    private Path jar(String name, String version) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (version != null) {
            m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        }
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.putNextEntry(new JarEntry("com/example/Main.class"));
            j.write(new byte[] {(byte) 0xca, (byte) 0xfe});
            j.closeEntry();
        }
        return jar;
    }

    @Test
    void theVersionOfTheJarOfJavaDashJar() throws IOException {
        Path jar = jar("app.jar", "1.2.3");
        assertEquals("1.2.3", AppIdentity.codeVersion(jar + " --port 80", null));
        assertNull(AppIdentity.codeVersion(jar("plain.jar", null).toString(), null), "no Implementation-Version");
        assertNull(AppIdentity.codeVersion(dir.resolve("missing.jar").toString(), null));
    }

    @Test
    void theVersionOfTheJarHoldingTheMainClass() throws IOException {
        Path jar = jar("lib with space.jar", "4.5.6");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertEquals("4.5.6", AppIdentity.codeVersion("com.example.Main arg", loader));
            assertNull(AppIdentity.codeVersion("com.example.Other", loader));
        }
    }

    @Test
    void nothingToGoBy() {
        assertNull(AppIdentity.codeVersion(null, null));
        assertNull(AppIdentity.codeVersion("  ", null));
        assertNull(AppIdentity.codeVersion("com.example.Main", null));
    }

    @Test
    void theHostHasAName() {
        assertFalse(AppIdentity.host().isEmpty());
    }
}
