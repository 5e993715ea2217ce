import { extname } from "node:path";
import { ConveyorError } from "../errors.ts";

/** The formats a file of rows to score may have, told by its name. */
export function tableFileFormat(path: string): "csv" | "parquet" {
  const extension = extname(path).toLowerCase();
  if (extension === ".csv") return "csv";
  if (extension === ".parquet") return "parquet";
  throw new ConveyorError(`cannot tell the format of ${path} from its name`, "give a file whose name ends in .csv or .parquet", "invalid_param");
}
