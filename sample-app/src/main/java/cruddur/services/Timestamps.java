package cruddur.services;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** ISO-8601 timestamps with an explicit offset, like Python's {@code datetime.now(timezone.utc).isoformat()}. */
public final class Timestamps {

    /** e.g. {@code 2023-03-01T12:34:56.123456+00:00}. */
    public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private Timestamps() {
    }

    /** The current time in UTC, truncated to microseconds (what the format shows). */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    public static String iso(OffsetDateTime time) {
        return FORMAT.format(time);
    }
}
