package compat.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.logging.Logger;

/** Resource templates with parameters; logs through java.util.logging inside the request. */
@Path("/owners")
@Produces(MediaType.TEXT_PLAIN)
public class OwnerResource {

  private static final Logger LOG = Logger.getLogger(OwnerResource.class.getName());

  @GET
  @Path("/{ownerId}")
  public String show(@PathParam("ownerId") int ownerId) {
    LOG.info("showing owner " + ownerId);
    return "owner " + ownerId;
  }

  @POST
  @Path("/{ownerId}/edit")
  public String edit(@PathParam("ownerId") int ownerId) {
    LOG.warning("owner " + ownerId + " edited");
    return "saved owner " + ownerId;
  }

  @GET
  @Path("/{ownerId}/oups")
  public String fail(@PathParam("ownerId") int ownerId) {
    LOG.severe("about to fail on purpose");
    throw new JaxrsFailure("owner " + ownerId + " failed on purpose");
  }
}
