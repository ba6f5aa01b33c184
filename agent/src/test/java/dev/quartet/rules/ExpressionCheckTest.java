package dev.quartet.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.app.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Property chains judged when the matched class is known (Expression.check), before the method ever runs. */
class ExpressionCheckTest {
  private static String check(String expression, MethodView method) throws Exception {
    return Expressions.parse(expression, "f:1").check(method);
  }

  @Test
  void acceptsWhatTheTypesProvide() throws Exception {
    MethodView find = ReflectedMethodView.of(Service.class, "find", "handle", "anything", "options");
    assertNull(check("return.handle", find));
    assertNull(check("return.admin", find));
    assertNull(check("handle", find));
    assertNull(check("args[0] + '-' + size(handle)", find));
    assertNull(check("anything.whatever.deeper", find), "Object: judged at run time");
    assertNull(check("options.any_key", find), "Map: any key");
    assertNull(check("thrown.message", find));
    assertNull(check("now()", find));
    assertNull(check("this", find));
    MethodView account = ReflectedMethodView.of(Service.class, "account");
    assertNull(check("return.id", account), "a record component");
    assertNull(check("size(return.roles)", account));
  }

  @Test
  void rejectsPrivateStateAndWhatTheMethodLacks() throws Exception {
    MethodView find = ReflectedMethodView.of(Service.class, "find", "handle", "anything", "options");
    String secret = check("this.secret", find);
    assertTrue(secret.contains("has no public getter getSecret()/isSecret() and no record component secret"), secret);
    assertTrue(check("return.secret", find).contains("Fixtures$User has no public getter getSecret()"));
    assertTrue(check("return['publicField']", find).contains("no public getter"), "public fields are not read either");
    assertTrue(check("return.type", find).contains("java.lang.Class"), "getters into Class are refused");
    assertTrue(check("user", find).contains("no parameter named user"));
    assertTrue(check("args[3]", find).contains("the method has 3 parameter(s)"));
    assertTrue(check("'x' + this.secret", find).contains("getSecret()"), "inside a concatenation");
    assertTrue(check("size(this.secret)", find).contains("getSecret()"), "inside size()");
    MethodView reset = ReflectedMethodView.of(Service.class, "reset");
    assertTrue(check("return", reset).contains("returns void"));
    assertTrue(check("this", reset).contains("static"));
    MethodView unnamed = ReflectedMethodView.of(Service.class, "find");
    assertTrue(check("handle", unnamed).contains("-parameters"));
    assertTrue(check("return.close", ReflectedMethodView.of(Service.class, "account")).contains("no record component close"));
  }

  @Test
  void templatesAndObjectsCheckEachHole() throws Exception {
    MethodView find = ReflectedMethodView.of(Service.class, "find", "handle", "anything", "options");
    Template t = Templates.parse("user-{handle}-{this.secret}", "f:1");
    List<String> problems = new java.util.ArrayList<>();
    for (Expression e : t.expressions()) {
      String p = e.check(find);
      if (p != null) {
        problems.add(p);
      }
    }
    assertEquals(1, problems.size(), problems.toString());
    Expression object =
        Expressions.object(Map.of("ok", Expressions.parse("handle", "f:1"), "bad", Expressions.parse("this.secret", "f:2")), "{}", "f:1");
    assertTrue(object.check(find).contains("getSecret()"));
  }
}
