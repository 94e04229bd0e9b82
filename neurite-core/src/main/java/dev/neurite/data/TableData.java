package dev.neurite.data;

import dev.neurite.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A table read for training in one call, as {@code neurite train} reads it: the preprocessing
 * fitted on it (column kinds inferred, missing values filled), the encoded examples (rows with
 * a missing target left out), and the lines worth telling the user.
 *
 * <pre>{@code
 * TableData data = TableData.read(Path.of("churn.csv"), "churned");
 * trainer.fit(data.dataset(), null);
 * ModelFile.save(new Model(network, loss.name(), data.preprocessor(), null), Path.of("churn.model"));
 * }</pre>
 */
public record TableData(Preprocessor preprocessor, Dataset dataset, List<String> warnings) {
    public TableData {
        warnings = List.copyOf(warnings);
    }

    /** Reads {@code csv} (plain or gzip) and fits on it with the defaults: task inferred, the usual NA tokens. */
    public static TableData read(Path csv, String target) {
        return fit(CsvTable.read(csv), target, null, MissingValues.DEFAULTS, ColumnChoice.AUTO);
    }

    /**
     * {@link #fit(TableRows, String, Task, MissingValues, ColumnChoice)} with the examples weighted
     * by column {@code weightColumn} (null: unweighted), which is left out of the features.
     */
    public static TableData fit(TableRows table, String target, Task task, MissingValues missing, ColumnChoice columns,
                                String weightColumn) {
        if (weightColumn == null) {
            return fit(table, target, task, missing, columns);
        }
        String name = table.header().get(WeightColumn.index(table, weightColumn));
        for (String f : columns.features()) {
            if (ColumnChoice.resolve(List.of(f), table.header(), "--features", table.source()).contains(table.header().indexOf(name))) {
                throw new InvalidInputException(table.source() + ": the weight column '" + name + "' is also named in --features");
            }
        }
        List<String> ignore = new ArrayList<>(columns.ignore());
        ignore.add(name);
        TableData data = fit(table, target, task, missing, new ColumnChoice(columns.features(), ignore));
        return new TableData(data.preprocessor(), data.dataset().withWeights(WeightColumn.read(table, name, data.preprocessor())),
                data.warnings());
    }

    /** Fits on {@code table} and encodes it; {@code task} null means inferred. */
    public static TableData fit(TableRows table, String target, Task task, MissingValues missing, ColumnChoice columns) {
        Preprocessor pre = Preprocessor.fit(table, target, task, missing, columns);
        MemoryBudget.requireRoom(table.source(), table.rowCount(), pre.inputWidth() + 1L);
        List<String> warnings = new ArrayList<>(pre.warnings());
        Dataset dataset = pre.encode(table, UnseenCategories.ERROR, warnings);
        return new TableData(pre, dataset, warnings);
    }
}
