package dev.quartet.core;

import java.util.List;

/**
 * A live look at the request while it is in flight (until its end callbacks have run), for backends that need
 * more than {@link ServerRequest} captures up front — Rollbar's request block, for instance. Reading it costs a
 * call into the container, so backends read it only when they report something.
 */
public interface RequestView {
  /** The first value of a header, or null. */
  String header(String name);

  /** Every header name the client sent. */
  List<String> headerNames();

  /** The authenticated user's name (getUserPrincipal), or null. */
  String userPrincipal();

  /** The full URL the client asked for, without the query string. */
  String url();

  RequestView NONE =
      new RequestView() {
        @Override
        public String header(String name) {
          return null;
        }

        @Override
        public List<String> headerNames() {
          return java.util.Collections.emptyList();
        }

        @Override
        public String userPrincipal() {
          return null;
        }

        @Override
        public String url() {
          return null;
        }
      };
}
