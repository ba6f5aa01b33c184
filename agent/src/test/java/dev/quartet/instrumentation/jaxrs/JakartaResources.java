package dev.quartet.instrumentation.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Resource classes as apps write them against jakarta.ws.rs. */
final class JakartaResources {
  private JakartaResources() {}

  @Path("/items")
  public static class Items {
    @GET
    public String list() {
      return "";
    }

    @GET
    @Path("{id}")
    public String get(@PathParam("id") String id) {
      return id;
    }

    @POST
    @Path("/{id}/tags")
    public String tag(@PathParam("id") String id, String body) {
      return id;
    }

    @GET
    @Path("{id: [0-9]+}/raw")
    public String raw(@PathParam("id") long id) {
      return "";
    }

    public String helper() {
      return "";
    }
  }

  @Path("owners")
  public static class Owners {
    @Path("{ownerId}/pets")
    public Pets pets(@PathParam("ownerId") String ownerId) {
      return new Pets();
    }
  }

  @Path("/ignored-for-sub-resources")
  public static class Pets {
    @GET
    @Path("{petId}")
    public String pet(@PathParam("petId") String petId) {
      return petId;
    }

    @GET
    public String all() {
      return "";
    }
  }

  @Path("/api-if")
  public interface Annotated {
    @GET
    @Path("x/{name}")
    String x(@PathParam("name") String name);
  }

  public static class Implementation implements Annotated {
    @Override
    public String x(String name) {
      return name;
    }
  }

  @Target(ElementType.METHOD)
  @Retention(RetentionPolicy.RUNTIME)
  @HttpMethod("PROPFIND")
  public @interface PropFind {}

  @Path("/")
  public static class Root {
    @GET
    public String index() {
      return "";
    }

    @PropFind
    @Path("/dav")
    public String dav() {
      return "";
    }
  }
}
