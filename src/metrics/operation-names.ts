/** A GraphQL name, as the spec defines it; anything else a client sends as `operationName` is not a label. */
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/**
 * Operation names as metric labels, bounded: clients choose the names, and every new label value is a new time
 * series kept until the process ends. The first `max` distinct names are kept; later ones count as `other`.
 */
export class OperationNames {
  private readonly known = new Set<string>();

  constructor(private readonly max = 200) {}

  label(name: unknown): string {
    if (name === null || name === undefined || name === '') return 'anonymous';
    if (typeof name !== 'string' || !NAME.test(name)) return 'invalid';
    if (this.known.has(name)) return name;
    if (this.known.size >= this.max) return 'other';
    this.known.add(name);
    return name;
  }
}
