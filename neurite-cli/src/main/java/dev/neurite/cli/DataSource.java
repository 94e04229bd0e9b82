package dev.neurite.cli;

import dev.neurite.InvalidInputException;
import dev.neurite.data.BundledData;
import dev.neurite.data.CsvTable;
import dev.neurite.data.IdxDataset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where examples come from on the command line: a CSV file (plain or .gz), an IDX image file
 * with its labels file, or a data set bundled in the jar ({@code bundled:iris}).
 */
record DataSource(String name, CsvTable table, IdxDataset.Images images) {

    static final String BUNDLED = "bundled:";

    boolean isImages() {
        return images != null;
    }

    int rows() {
        return isImages() ? images.pixels().rows() : table.rowCount();
    }

    /** Opens {@code data}, a CSV file read in {@code format}; {@code labels} names an IDX labels file and makes {@code data} an IDX image file. */
    static DataSource open(String data, Path labels, dev.neurite.data.CsvFormat format) {
        return open(data, labels, format, java.util.Set.of());
    }

    /** As {@link #open(String, Path, dev.neurite.data.CsvFormat)}, a CSV's columns named in {@code textColumns} kept as text exactly as written. */
    static DataSource open(String data, Path labels, dev.neurite.data.CsvFormat format, java.util.Set<String> textColumns) {
        if (data.startsWith(BUNDLED)) {
            if (labels != null) {
                throw new InvalidInputException("--labels goes with an IDX image file, not with " + data);
            }
            return new DataSource(data, BundledData.table(data.substring(BUNDLED.length())), null);
        }
        Path path = Path.of(data);
        if (!Files.exists(path)) {
            throw new InvalidInputException(data + ": no such file"
                    + (data.contains(":") || data.contains("/") ? "" : " (bundled data sets are named bundled:NAME, e.g. bundled:iris)"));
        }
        if (labels != null || looksLikeIdx(path)) {
            if (labels == null) {
                throw new InvalidInputException(data + " is an IDX image file; give its labels file with --labels");
            }
            return new DataSource(data, null, IdxDataset.read(path, labels));
        }
        return new DataSource(data, CsvTable.read(path, format, textColumns), null);
    }

    private static boolean looksLikeIdx(Path path) {
        String name = path.getFileName().toString();
        return name.contains("-ubyte") || name.endsWith(".idx") || name.endsWith(".idx3") || name.endsWith(".idx.gz");
    }
}
