// Spreadsheet formula injection (OWASP "CSV injection"): how an exported CSV cell is protected, and undone on import.

// What a spreadsheet runs as a formula: = + - @ behind any run of spaces, control or format characters (a tab, a
// line break, a zero-width space) and of apostrophes we may have added before. Such CSV cells get one more leading
// apostrophe on export, and the import takes exactly one off again: since the test skips leading apostrophes,
// escaping is undone exactly for every text.
const FORMULA = /^[\s'\p{Cc}\p{Cf}]*[=+\-@]/u;

/** Protects a CSV cell from being run as a spreadsheet formula (OWASP "CSV injection"); undone by unescapeCsvCell. */
export function escapeCsvCell(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

/** Undoes escapeCsvCell. */
export function unescapeCsvCell(text: string): string {
  return text.startsWith("'") && FORMULA.test(text.slice(1)) ? text.slice(1) : text;
}
