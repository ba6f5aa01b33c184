package dev.quartet.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import example.app.Fixtures;
import org.junit.jupiter.api.Test;

/** One test per construct of the expression language (docs/RULES.md), and what it refuses. */
class ExpressionsTest {
  private static Object eval(String source, Invocation inv) throws Exception {
    return Expressions.parse(source, "test.yaml:1").evaluate(inv);
  }

  private static String refusal(String source) {
    return assertThrows(Expressions.ParseException.class, () -> Expressions.parse(source, "test.yaml:1"), source)
        .getMessage();
  }

  @Test
  void argsByPosition() throws Exception {
    Calls call = Calls.of("andrewbrown", 7);
    assertEquals("andrewbrown", eval("args[0]", call));
    assertEquals(7, eval("args[1]", call));
    assertEquals(2L, eval("size(args)", call));
    EvaluationException e = assertThrows(EvaluationException.class, () -> eval("args[2]", call));
    assertTrue(e.getMessage().contains("2 argument(s)"), e.getMessage());
  }

  @Test
  void parameterNames() throws Exception {
    Calls call = Calls.of("andrewbrown", 7).names("userHandle", "limit");
    assertEquals("andrewbrown", eval("userHandle", call));
    assertEquals(7, eval("limit", call));
    EvaluationException e = assertThrows(EvaluationException.class, () -> eval("user", call));
    assertTrue(e.getMessage().contains("no parameter named user"), e.getMessage());
    EvaluationException unnamed =
        assertThrows(EvaluationException.class, () -> eval("userHandle", Calls.of("x")));
    assertTrue(unnamed.getMessage().contains("-parameters"), unnamed.getMessage());
  }

  @Test
  void returnThisAndThrown() throws Exception {
    Fixtures.User user = new Fixtures.User("worf", false);
    IllegalStateException boom = new IllegalStateException("boom");
    assertEquals(List.of(1, 2, 3), eval("return", Calls.of().returning(List.of(1, 2, 3))));
    assertEquals(user, eval("this", Calls.of().self(user)));
    assertEquals(boom, eval("thrown", Calls.of().throwing(boom)));
    assertEquals("boom", eval("thrown.message", Calls.of().throwing(boom)));
    assertNull(eval("thrown.message", Calls.of()), "no exception: null, not a failure");
  }

  @Test
  void nowIsTheInstantTheMethodWasEnteredInIso8601() throws Exception {
    Object now = eval("now()", Calls.of().at(1_700_000_000_123L));
    assertEquals("2023-11-14T22:13:20.123Z", now);
    assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), Instant.parse((String) now));
  }

  @Test
  void sizeAndLengthInBothSpellings() throws Exception {
    Calls call = Calls.of(List.of(1, 2, 3), "four", new int[5], Map.of("a", 1)).names("list", "text", "array", "map");
    for (String f : new String[] {"size", "length"}) {
      assertEquals(3L, eval(f + "(list)", call));
      assertEquals(4L, eval(f + "(text)", call));
      assertEquals(5L, eval(f + "(array)", call));
      assertEquals(1L, eval(f + "(map)", call));
      assertEquals(3L, eval("list." + f + "()", call));
      assertEquals(4L, eval("args[1]." + f + "()", call));
    }
    assertThrows(EvaluationException.class, () -> eval("size(args[0][0])", call));
  }

  @Test
  void javaBeanGetters() throws Exception {
    Calls call = Calls.of(new Fixtures.User("andrewbrown", true)).names("user");
    assertEquals("andrewbrown", eval("user.handle", call));
    assertEquals(true, eval("user.admin", call), "isAdmin() for a boolean");
    assertEquals("andrewbrown", eval("args[0].handle", call));
  }

  @Test
  void getterOfANonPublicClassIsReadThroughItsPublicInterface() throws Exception {
    Calls call = Calls.of(Fixtures.hidden());
    assertEquals("hidden", eval("args[0].name", call));
    EvaluationException e = assertThrows(EvaluationException.class, () -> eval("args[0].other", call));
    assertTrue(e.getMessage().contains("no public getter getOther()/isOther()"), e.getMessage());
  }

  @Test
  void recordComponents() throws Exception {
    Calls call = Calls.of().returning(new Fixtures.Account("a-1", List.of("admin", "dev")));
    assertEquals("a-1", eval("return.id", call));
    assertEquals(2L, eval("size(return.roles)", call));
    assertEquals("dev", eval("return.roles[1]", call));
    assertThrows(EvaluationException.class, () -> eval("return.close", call), "a record's other methods are not components");
  }

  @Test
  void mapKeysInBothSyntaxes() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("handle", "andrewbrown");
    m.put("results-size", 3);
    Calls call = Calls.of(m).names("m");
    assertEquals("andrewbrown", eval("m.handle", call));
    assertEquals("andrewbrown", eval("m['handle']", call));
    assertEquals(3, eval("m[\"results-size\"]", call));
    assertNull(eval("m.missing", call));
    assertEquals("andrewbrown", eval("return[0].handle", Calls.of().returning(List.of(m))));
  }

  @Test
  void concatenationAndLiterals() throws Exception {
    Calls call = Calls.of("andrewbrown", 2).names("handle", "n");
    assertEquals("user-andrewbrown", eval("'user-' + handle", call));
    assertEquals("user-andrewbrown!", eval("\"user-\" + args[0] + '!'", call));
    assertEquals("n=2", eval("'n=' + n", call));
    assertEquals(5L, eval("n + 3", call), "two numbers add up");
    assertEquals("it's", eval("'it\\'s'", call));
    assertEquals(42L, eval("42", call));
    assertEquals(1.5, eval("1.5", call));
    assertEquals("x-", eval("'x-' + return", call), "null concatenates as nothing");
    assertEquals("a3", eval("('a' + size(args[0]))", Calls.of(List.of(1, 2, 3))), "parentheses");
  }

  @Test
  void nullAlongAPathGivesNullNotAFailure() throws Exception {
    assertNull(eval("args[0].handle", Calls.of((Object) null)));
    assertNull(eval("size(return)", Calls.of()));
  }

  @Test
  void identifiersAndSource() throws Exception {
    Expression e = Expressions.parse("'x' + user.handle + size(return) + args[1]", "f:1");
    assertEquals(Set.of("user", "return", "args"), e.identifiers());
    assertEquals("'x' + user.handle + size(return) + args[1]", e.source());
  }

  @Test
  void failuresAtRunTimeGiveNullThroughEvaluateOrNull() throws Exception {
    Expression e = Expressions.parse("args[0].broken", "f:1");
    Calls call = Calls.of(new Fixtures.User("x", false));
    EvaluationException thrown = assertThrows(EvaluationException.class, () -> e.evaluate(call));
    assertTrue(thrown.getMessage().contains("broken getter"), thrown.getMessage());
    assertNull(e.evaluateOrNull(call));
    assertNull(e.evaluateOrNull(call));
  }

  @Test
  void refusesWhatIsNotTheLanguage() {
    assertTrue(refusal("Runtime.getRuntime().exec('rm -rf /')").contains("classes and static members"));
    assertTrue(refusal("Class.forName('java.lang.Runtime')").contains("classes and static members"));
    assertTrue(refusal("System.exit(0)").contains("classes and static members"));
    assertTrue(refusal("System.out").contains("classes and static members"));
    assertTrue(refusal("Integer.MAX_VALUE").contains("classes and static members"));
    assertTrue(refusal("java.lang.System.out").contains("classes and static members"));
    assertTrue(refusal("this.setName('x')").contains("calling methods is not allowed"));
    assertTrue(refusal("this.getSecret()").contains("calling methods is not allowed"));
    assertTrue(refusal("args[0].delete()").contains("calling methods is not allowed"));
    assertTrue(refusal("exec('ls')").contains("calling methods is not allowed"));
    assertTrue(refusal("this.class").contains("classes cannot be reached"));
    assertTrue(refusal("this['class']").contains("classes cannot be reached"));
    assertTrue(refusal("args[0].classLoader").contains("classes cannot be reached"));
    assertTrue(refusal("new java.io.File('x')").contains("`new`"));
    assertTrue(refusal("this.#secret").contains("a property name after '.' expected"));
    assertTrue(refusal("this->secret").contains("only + (concatenation)"));
    assertTrue(refusal("this::getSecret").contains("method references"));
    assertTrue(refusal("this.secret = 'x'").contains("assignment"));
    assertTrue(refusal("args[0] ? 1 : 2").contains("conditionals"));
    assertTrue(refusal("@this.secret").contains("unexpected '@'"));
    assertTrue(refusal("").contains("a value expected"));
    assertTrue(refusal("args[").contains("a number expected"));
    assertTrue(refusal("'open").contains("closing"));
    assertTrue(refusal("args[0]()").contains("calling a value"));
  }

  @Test
  void neverReadsFieldsOrCallsNonGetters() throws Exception {
    Calls call = Calls.of().self(new Fixtures.User("x", false));
    for (String source : new String[] {"this.secret", "this.publicField", "this['secret']", "this.static", "this.delete"}) {
      EvaluationException e = assertThrows(EvaluationException.class, () -> eval(source, call), source);
      assertTrue(e.getMessage().contains("no public getter"), source + ": " + e.getMessage());
    }
  }

  @Test
  void refusesTheDoorsOutOfReadingAValue() throws Exception {
    Calls call = Calls.of().self(new Fixtures.User("x", false));
    EvaluationException type = assertThrows(EvaluationException.class, () -> eval("this.type", call));
    assertTrue(type.getMessage().contains("java.lang.Class"), type.getMessage());
    assertThrows(EvaluationException.class, () -> eval("args[0].name", Calls.of(Thread.currentThread())));
    assertThrows(EvaluationException.class, () -> eval("args[0].name", Calls.of(String.class)));
    assertThrows(
        EvaluationException.class, () -> eval("args[0].parent", Calls.of(ClassLoader.getSystemClassLoader())));
  }

  @Test
  void readsJdkValuesThroughTheirPublicTypes() throws Exception {
    // List.of(..) is a non-public JDK class: size() and index work on the List interface
    assertEquals(1L, eval("size(args[0])", Calls.of(Arrays.asList("a"))));
    assertEquals("boom", eval("thrown.cause.message", Calls.of().throwing(new RuntimeException(new Exception("boom")))));
  }
}
