// DuckDB cannot bind file paths or identifiers as parameters in read_csv/COPY, so they are
// quoted here, the one place that knows SQL's quoting rules.

export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
