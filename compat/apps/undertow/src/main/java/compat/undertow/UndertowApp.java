package compat.undertow;

import io.undertow.Undertow;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;

/** Embedded Undertow 2.3 (Servlet 6) on 127.0.0.1:$PORT. */
public final class UndertowApp {

  public static void main(String[] args) throws Exception {
    DeploymentInfo deployment = io.undertow.servlet.Servlets.deployment()
        .setClassLoader(UndertowApp.class.getClassLoader())
        .setContextPath("/")
        .setDeploymentName("compat-undertow")
        .addServlets(
            io.undertow.servlet.Servlets.servlet("health", Servlets.Health.class).addMapping("/health"),
            io.undertow.servlet.Servlets.servlet("hello", Servlets.Hello.class).addMapping("/hello"),
            io.undertow.servlet.Servlets.servlet("items", Servlets.Items.class).addMapping("/items/*"),
            io.undertow.servlet.Servlets.servlet("fail", Servlets.Fail.class).addMapping("/fail"));
    DeploymentManager manager = io.undertow.servlet.Servlets.defaultContainer().addDeployment(deployment);
    manager.deploy();
    Undertow server = Undertow.builder()
        .addHttpListener(Integer.parseInt(System.getenv("PORT")), "127.0.0.1")
        .setHandler(manager.start())
        .build();
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "undertow-stop"));
  }
}
