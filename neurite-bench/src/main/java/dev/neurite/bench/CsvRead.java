package dev.neurite.bench;

import dev.neurite.data.ColumnChoice;
import dev.neurite.data.CsvTable;
import dev.neurite.data.MissingValues;
import dev.neurite.data.TableData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One measured read of the CSV benchmark, in a process of its own so that its peak RSS is its
 * own: reads FILE as {@code neurite train} does (the CSV, then the preprocessing fitted and the
 * table encoded into float32 inputs) and prints one JSON line with the seconds of each part,
 * the table's size in memory and the process's peak RSS (VmHWM).
 */
public final class CsvRead {
    private CsvRead() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String target = args.length > 1 ? args[1] : CsvBenchData.TARGET;
        long t0 = System.nanoTime();
        CsvTable table = CsvTable.read(file);
        long t1 = System.nanoTime();
        long tableBytes = table.bytes();
        TableData data = TableData.fit(table, target, null, MissingValues.DEFAULTS, ColumnChoice.AUTO);
        long t2 = System.nanoTime();
        double cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        System.out.printf(Locale.ROOT, "{\"cpu_s\": %.3f, \"rows\": %d, \"inputs\": %d, \"read_s\": %.3f, \"preprocess_s\": %.3f, \"total_s\": %.3f,"
                        + " \"table_mb\": %.1f, \"matrix_mb\": %.1f, \"peak_rss_mb\": %.1f}%n",
                cpu, data.dataset().size(), data.dataset().features().columns(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9,
                tableBytes / 1e6, 4.0 * data.dataset().size() * data.dataset().features().columns() / 1e6, peakRssMb());
    }

    /** The peak resident set of this process in MB, from /proc/self/status; −1 where there is none. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
