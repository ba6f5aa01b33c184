package dev.quartet.instrumentation.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quartet.core.CurrentRequest;
import dev.quartet.core.ServerRequest;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JaxRsRoutesTest {
  private final JaxRsRoutes routes = new JaxRsRoutes();
  private ServerRequest request;
  private dev.quartet.core.Span previous;

  @BeforeEach
  void serveARequest() {
    request = new ServerRequest();
    previous = CurrentRequest.enter(request);
  }

  @AfterEach
  void endIt() {
    CurrentRequest.restore(previous);
  }

  /** What the advice hands over: the class and the method's name and descriptor. */
  private void call(Class<?> type, String name) {
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        routes.handlerEnter(
            type, name + MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString());
        return;
      }
    }
    throw new AssertionError(name);
  }

  private String routeAfter(Class<?> type, String method) {
    call(type, method);
    return request.frameworkRoute();
  }

  @Test
  void classAndMethodTemplatesJakarta() {
    assertEquals("/items", routeAfter(JakartaResources.Items.class, "list"));
  }

  @Test
  void methodTemplateWithoutLeadingSlash() {
    assertEquals("/items/{id}", routeAfter(JakartaResources.Items.class, "get"));
    assertTrue(request.frameworkRouteComplete());
  }

  @Test
  void methodTemplateWithLeadingSlash() {
    assertEquals("/items/{id}/tags", routeAfter(JakartaResources.Items.class, "tag"));
  }

  @Test
  void regularExpressionTemplatesStayAsDeclared() {
    assertEquals("/items/{id: [0-9]+}/raw", routeAfter(JakartaResources.Items.class, "raw"));
  }

  @Test
  void aMethodWithoutJaxRsAnnotationsNamesNothing() {
    assertNull(routeAfter(JakartaResources.Items.class, "helper"));
  }

  @Test
  void subResourceLocatorThenSubResourceMethod() {
    call(JakartaResources.Owners.class, "pets");
    assertEquals("/owners/{ownerId}/pets", request.frameworkRoute());
    assertEquals(false, request.frameworkRouteComplete());
    assertEquals("/owners/{ownerId}/pets/{petId}", routeAfter(JakartaResources.Pets.class, "pet"));
  }

  @Test
  void subResourceMethodWithoutPathTakesTheLocatorsRoute() {
    call(JakartaResources.Owners.class, "pets");
    assertEquals("/owners/{ownerId}/pets", routeAfter(JakartaResources.Pets.class, "all"));
  }

  @Test
  void theFirstResourceMethodWinsOverMethodsItCalls() {
    call(JakartaResources.Items.class, "get");
    call(JakartaResources.Root.class, "index");
    assertEquals("/items/{id}", request.frameworkRoute());
  }

  @Test
  void annotationsInheritedFromAnInterface() {
    assertEquals("/api-if/x/{name}", routeAfter(JakartaResources.Implementation.class, "x"));
  }

  @Test
  void rootResourceAndACustomHttpMethod() {
    assertEquals("/", routeAfter(JakartaResources.Root.class, "index"));
    request.frameworkRoute(null, false);
    assertEquals("/dav", routeAfter(JakartaResources.Root.class, "dav"));
    assertTrue(request.frameworkRouteComplete());
  }

  @Test
  void javaxResourcesAndLocators() {
    assertEquals("/orders/{orderId}", routeAfter(JavaxResources.Orders.class, "get"));
    request.frameworkRoute(null, false);
    call(JavaxResources.Orders.class, "lines");
    assertEquals("/orders/{orderId}/lines/{line}", routeAfter(JavaxResources.Lines.class, "line"));
  }

  @Test
  void noRequestNoRoute() {
    CurrentRequest.restore(null);
    call(JakartaResources.Items.class, "get");
    assertNull(request.frameworkRoute());
  }

  @Test
  void aJaxRsClientProxyCalledWhileServingNamesNothing() {
    Object client = java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {JakartaResources.Annotated.class}, (proxy, method, args) -> "remote");
    assertNull(routeAfter(client.getClass(), "x"));
  }
}
