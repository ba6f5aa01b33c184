package dev.quartet.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The part of the report drawn from one file of the telemetry directory. Each local-mode backend writes its own
 * JSON-lines file (traces today; logs and errors later), so adding a backend's summary means adding a section.
 */
interface ReportSection {

    /** File name inside the telemetry directory, e.g. {@code traces.jsonl}. */
    String fileName();

    /** Plural noun for what the file holds, used when it is absent: "traces.jsonl: no spans (file absent)". */
    String itemsNoun();

    /** Prints this section for an existing {@code file}; never throws on bad content, only on I/O failure. */
    void render(Path file, PrintStream out) throws IOException;
}
