package dev.quartet.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * {@code java -jar quartet-agent.jar report [DIR] [--top N]}: a plain-text summary of what local mode wrote to the
 * telemetry directory, so a developer can see request rates, errors and latency without running a backend.
 *
 * <p>Output is fixed-width and line-oriented so it can be grepped, diffed between runs and pasted into an issue.
 * Percentiles are nearest-rank (see {@link DurationStats}), durations are {@code (end - start) / 1e6} ms rounded to
 * two decimals, and only SERVER spans are treated as requests (see {@link TracesSection}).
 */
public final class ReportCommand {

    static final String DEFAULT_DIR = "quartet-telemetry";
    static final int DEFAULT_TOP = 10;

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar quartet-agent.jar report [DIR] [--top N]",
            "",
            "Summarises the telemetry Quartet wrote in local mode: requests, errors and latency",
            "percentiles per route, the slowest traces, a latency heatmap; X-Ray segments per name with",
            "their faults, errors and sampling rules; log events by level with the most frequent messages;",
            "and error groups.",
            "",
            "  DIR         telemetry directory (default: " + DEFAULT_DIR + ")",
            "  --top N     how many slowest traces and top messages to list (default: " + DEFAULT_TOP + ")",
            "  -h, --help  show this help");

    private ReportCommand() {}

    public static void main(String[] args) {
        int exit = run(args, System.out, System.err);
        System.out.flush();
        if (exit != EXIT_OK) {
            System.exit(exit);
        }
    }

    /** Runs the command; returns the process exit code instead of exiting, so it can be tested and embedded. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String dirArg = null;
        int top = DEFAULT_TOP;
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!optionsEnded && (arg.equals("-h") || arg.equals("--help"))) {
                out.println(USAGE);
                return EXIT_OK;
            } else if (!optionsEnded && (arg.equals("--top") || arg.startsWith("--top="))) {
                String value;
                if (arg.equals("--top")) {
                    if (i + 1 >= args.length) {
                        return usageError(err, "--top needs a number");
                    }
                    value = args[++i];
                } else {
                    value = arg.substring("--top=".length());
                }
                top = parseTop(value);
                if (top < 0) {
                    return usageError(err, "--top needs a non-negative integer, got '" + value + "'");
                }
            } else if (!optionsEnded && arg.equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && arg.startsWith("-") && arg.length() > 1) {
                return usageError(err, "unknown option '" + arg + "'");
            } else if (dirArg == null) {
                dirArg = arg;
            } else {
                return usageError(err, "expected at most one directory, got '" + dirArg + "' and '" + arg + "'");
            }
        }

        Path dir;
        try {
            dir = Paths.get(dirArg == null ? DEFAULT_DIR : dirArg).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return usageError(err, "invalid directory '" + dirArg + "': " + e.getReason());
        }
        if (!Files.isDirectory(dir)) {
            err.println("quartet report: " + (Files.exists(dir) ? "not a directory: " : "no such directory: ") + dir);
            if (dirArg == null) {
                err.println("Run the app with the Quartet agent in local mode first, or pass the telemetry directory.");
            }
            return EXIT_FAILED;
        }
        return report(dir, sections(top), out, err);
    }

    /** One section per telemetry file; add errors here when its local-mode writer exists. */
    static List<ReportSection> sections(int top) {
        return List.of(new TracesSection(top), new SegmentsSection(), new LogsSection(top), new ErrorsSection());
    }

    static int report(Path dir, List<ReportSection> sections, PrintStream out, PrintStream err) {
        out.println("Quartet report for " + dir);
        int exit = EXIT_OK;
        for (int i = 0; i < sections.size(); i++) {
            ReportSection section = sections.get(i);
            if (i > 0) {
                out.println();
            }
            Path file = dir.resolve(section.fileName());
            if (!Files.isRegularFile(file)) {
                out.println(section.fileName() + ": no " + section.itemsNoun() + " (file absent)");
                continue;
            }
            try {
                section.render(file, out);
            } catch (IOException | RuntimeException e) {
                // One unreadable file should not hide the sections of the others.
                out.println(section.fileName() + ": could not be read");
                err.println("quartet report: failed to read " + file + ": " + e);
                exit = EXIT_FAILED;
            }
        }
        out.flush();
        return exit;
    }

    /** -1 when not a non-negative int. */
    private static int parseTop(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int usageError(PrintStream err, String message) {
        err.println("quartet report: " + message);
        err.println(USAGE);
        return EXIT_USAGE;
    }
}
