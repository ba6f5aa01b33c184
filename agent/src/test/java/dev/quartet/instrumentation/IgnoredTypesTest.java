package dev.quartet.instrumentation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatchers;
import org.junit.jupiter.api.Test;

class IgnoredTypesTest {
  private final IgnoredTypes ignored = new IgnoredTypes(ElementMatchers.named("java.lang.Thread"));

  private static TypeDescription type(String name) {
    return new TypeDescription.Latent(name, 0, TypeDescription.Generic.OBJECT);
  }

  @Test
  void librariesWithoutServletsAreIgnoredByName() {
    assertTrue(ignored.matches(type("com.fasterxml.jackson.databind.ObjectMapper")));
    assertTrue(ignored.matches(type("org.eclipse.jetty.util.BufferUtil")));
    assertTrue(ignored.matches(type("org.eclipse.jetty.http.HttpField")));
    assertTrue(ignored.matches(type("dev.quartet.core.Dispatcher")));
    assertTrue(ignored.matches(type("java.lang.String")));
    assertTrue(ignored.matches(type("javax.crypto.Cipher")));
    assertTrue(ignored.matches(type("org.hibernate.internal.SessionImpl")));
    assertTrue(ignored.matches(type("org.springframework.beans.factory.support.DefaultListableBeanFactory")));
    assertTrue(ignored.matches(type("org.eclipse.jdt.internal.compiler.Compiler")));
    assertTrue(ignored.matches(type(String.join(".", "org", "apache", "tomcat", "util", "buf", "ByteChunk"))));
  }

  @Test
  void whatModulesInstrumentIsNotIgnored() {
    assertFalse(ignored.matches(type("java.lang.Thread")), "a JDK type a module instruments");
    assertFalse(ignored.matches(type("jakarta.servlet.http.HttpServlet")));
    assertFalse(ignored.matches(type("javax.servlet.http.HttpServlet")));
    assertFalse(ignored.matches(type("org.eclipse.jetty.ee10.servlet.ServletHolder")));
    assertFalse(ignored.matches(type("org.eclipse.jetty.server.Request")), "Jetty 9's request is a servlet request");
    assertFalse(ignored.matches(type("org.eclipse.jetty.http2.server.HTTP2ServerConnection")));
    assertFalse(ignored.matches(type("ch.qos.logback.classic.Logger")));
    assertFalse(ignored.matches(type("cruddur.App")));
    assertFalse(ignored.matches(type("org.springframework.web.filter.CharacterEncodingFilter")));
    assertFalse(ignored.matches(type("org.springframework.web.servlet.DispatcherServlet")));
    assertFalse(ignored.matches(type("org.springframework.boot.web.servlet.filter.OrderedCharacterEncodingFilter")));
    assertFalse(ignored.matches(type(String.join(".", "org", "apache", "jasper", "servlet", "JspServlet"))));
    assertFalse(ignored.matches(type(String.join(".", "org", "apache", "jsp", "index_jsp"))));
    assertFalse(ignored.matches(type(String.join(".", "org", "apache", "tomcat", "util", "threads", "TaskThread"))));
  }

  @Test
  void aLibraryTypeAModuleInstrumentsIsNotIgnored() {
    IgnoredTypes withRule =
        new IgnoredTypes(ElementMatchers.none(), ElementMatchers.nameStartsWith("org.springframework.data.jpa."));
    assertFalse(withRule.matches(type("org.springframework.data.jpa.repository.support.SimpleJpaRepository")));
    assertTrue(withRule.matches(type("org.springframework.data.repository.Repository")));
    assertTrue(withRule.matches(type("java.lang.String")), "the JDK's are left to the modules' jdkTypes");
  }

  @Test
  void syntheticTypesAreIgnored() {
    assertTrue(ignored.matches(new TypeDescription.Latent("cruddur.App$$Lambda", 0x1000, TypeDescription.Generic.OBJECT)));
  }
}
