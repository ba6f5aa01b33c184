package cruddur.services;

/** The demo has no sign-in yet: the "current user" is fixed, as in the original app. */
public final class CurrentUser {

    public static final String HANDLE = "andrewbrown";
    public static final String DISPLAY_NAME = "Andrew Brown";

    private CurrentUser() {
    }
}
