/** The two phases an import reports progress for: checking the rows, then applying them. */
export type ImportPhase = 'check' | 'write';

/**
 * The progress bar's label for a phase. A dry run applies the rows inside a transaction that it then rolls back,
 * so its second phase must not say "writing".
 */
export function importPhaseLabel(phase: ImportPhase, dryRun: boolean): string {
  if (phase === 'check') return 'checking';
  return dryRun ? 'trying (dry run, nothing saved)' : 'writing';
}
