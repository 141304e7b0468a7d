/** What an input adapter says about one file it read. */

export type InputKind = 'arm-template' | 'arm-parameters' | 'snapshot' | 'bicep' | 'terraform';

export interface Diagnostic {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export interface InputSummary {
  readonly path: string;
  readonly kind: InputKind;
  /** ok: read fully; partial: read with some values Unknown or parts skipped; error: nothing usable. */
  readonly status: 'ok' | 'partial' | 'error';
  readonly resources: number;
  readonly diagnostics: readonly Diagnostic[];
}
