# Writes the R data sets of the tables benchmark as CSV files (one per table) into the folder
# given as the only argument. Needs r-base-core, r-cran-mlbench and r-cran-modeldata (Debian).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript export_r.R OUTPUT_FOLDER")
out <- args[1]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
suppressMessages({library(mlbench); library(modeldata)})
write <- function(name, package, object = name) {
  e <- new.env()
  data(list = object, package = package, envir = e)
  d <- as.data.frame(get(object, e))
  for (c in names(d)) if (is.factor(d[[c]])) d[[c]] <- as.character(d[[c]])  # labels, not codes
  write.csv(d, file.path(out, paste0(name, ".csv")), row.names = FALSE, na = "")
}
write("letter", "mlbench", "LetterRecognition")
write("vehicle", "mlbench", "Vehicle")
write("boston", "mlbench", "BostonHousing2")
write("pima", "mlbench", "PimaIndiansDiabetes2")
write("soybean", "mlbench", "Soybean")
write("ozone", "mlbench", "Ozone")
write("credit", "modeldata", "credit_data")
write("attrition", "modeldata", "attrition")
write("concrete", "modeldata", "concrete")
write("ames", "modeldata", "ames")
write("churn", "modeldata", "mlc_churn")
write("sacramento", "modeldata", "Sacramento")
