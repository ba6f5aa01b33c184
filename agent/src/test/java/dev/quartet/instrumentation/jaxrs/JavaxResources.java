package dev.quartet.instrumentation.jaxrs;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;

/** Resource classes as apps write them against javax.ws.rs. */
final class JavaxResources {
  private JavaxResources() {}

  @Path("/orders")
  public static class Orders {
    @GET
    @Path("{orderId}")
    public String get(@PathParam("orderId") String id) {
      return id;
    }

    @Path("{orderId}/lines")
    public Lines lines(@PathParam("orderId") String id) {
      return new Lines();
    }
  }

  public static class Lines {
    @GET
    @Path("{line}")
    public String line(@PathParam("line") int line) {
      return "";
    }
  }
}
