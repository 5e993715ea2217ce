export interface CsvRecord {
  readonly fields: string[];
  /** Index of the field whose opening quote is never closed, if any. */
  readonly unterminatedField?: number;
}

/**
 * Splits one CSV record (RFC 4180: fields separated by `delimiter`, `""` is a quote inside
 * quotes). DuckDB parses the data; this reads only the header, and finds which column an
 * unterminated quote DuckDB reports starts in, which its error message does not say.
 */
export function splitCsvRecord(text: string, delimiter = ","): CsvRecord {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === delimiter && !quoted) {
      fields.push(field);
      field = "";
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return quoted ? { fields, unterminatedField: fields.length - 1 } : { fields };
}
