package dev.quartet.backend.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostAndProcessTest {
  @Test
  void instanceIdsAreRandomVersion4Uuids() {
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      UUID id = HostAndProcess.randomUuid(ThreadLocalRandom.current());
      assertEquals(4, id.version());
      assertEquals(2, id.variant());
      assertEquals(id, UUID.fromString(id.toString()));
      ids.add(id);
    }
    assertEquals(1000, ids.size());
  }

  @ParameterizedTest
  @CsvSource({"amd64,amd64", "x86_64,amd64", "aarch64,arm64", "i686,x86", "ppc64le,ppc64", "s390x,s390x"})
  void hostArchAsTheSemanticConventionsSpellIt(String osArch, String expected) {
    assertEquals(expected, HostAndProcess.arch(osArch));
  }

  @ParameterizedTest
  @CsvSource({"Linux,linux", "Windows 11,windows", "Mac OS X,darwin", "FreeBSD,freebsd", "SunOS,solaris"})
  void osTypeAsTheSemanticConventionsSpellIt(String osName, String expected) {
    assertEquals(expected, HostAndProcess.osType(osName));
  }

  @Test
  void whatTheOtelAgentsResourceProvidersGiveButNeverTheCommandLine() {
    Resource r = HostAndProcess.resource();
    assertEquals(ProcessHandle.current().pid(), r.getAttribute(AttributeKey.longKey("process.pid")));
    assertNotNull(r.getAttribute(AttributeKey.stringKey("host.name")));
    assertNotNull(r.getAttribute(AttributeKey.stringKey("process.runtime.version")));
    String instance = r.getAttribute(AttributeKey.stringKey("service.instance.id"));
    assertEquals(instance, HostAndProcess.resource().getAttribute(AttributeKey.stringKey("service.instance.id")));
    UUID parsed = UUID.fromString(instance);
    assertEquals(4, parsed.version(), "random UUID");
    assertEquals(2, parsed.variant());
    r.getAttributes()
        .forEach((k, v) -> assertFalse(k.getKey().startsWith("process.command"), k.getKey()));
  }
}
